/**
 * Excel's rules for sheet names: at most 31 characters, none of []:*?/\, no leading or
 * trailing apostrophe, unique regardless of case. Class names become sheet names here.
 */
export function sheetNames() {
  const used = new Set<string>()
  return {
    take(wanted: string): string {
      const base = (wanted.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim() || '工作表').slice(0, 31)
      let name = base
      for (let n = 2; used.has(name.toLowerCase()); n++) {
        const suffix = `(${n})`
        name = `${base.slice(0, 31 - suffix.length)}${suffix}`
      }
      used.add(name.toLowerCase())
      return name
    },
  }
}
