import { formsOf, normalise } from '../records/match'

// What a reason names, read against every name the app knows of a kind (the school's records
// and the curriculum's usual names, hints/vocabulary.ts) — not only the student's own rows, as
// the detail pane's highlighting does (records/match.ts): a hint must also say when the records
// lack what the reason names, and must not read 「少了副班長」 as 班長 or 「少了數學B」 as 數學A.
// When in doubt it names nothing: a hint that is wrong costs more than no hint.

/** A name a form stands for; `exact` when the form is the name or its alias (國文 → 國語文), not a part of it. */
export interface NameEntry {
  name: string
  exact: boolean
  /** For cadre: whether the name is a role or a unit. */
  field?: 'role' | 'unit'
}

export interface Mention {
  start: number
  end: number
  /** The words as written (normalised). */
  text: string
  names: NameEntry[]
}

/**
 * The reason as hints read it: normalised (records/match.ts), with what it says the value
 * should be cut out — 「職務應為副班長」 names the role it wants, not one the records hold.
 */
export function hintText(reason: string): string {
  return normalise(reason).replace(/(應該?改?為|應該?是|改為|正確(應)?為|正確是)[^，。,.;；!！?？、\n]*/g, '｜')
}

/** After a part of a name, what makes it a longer name the app does not know (數學 + B, 第二外語 + －法語). */
const CONTINUES = /^[A-Z0-9甲乙丙丁ⅠⅡⅢⅣ一二三四五六(（\-－—–:：]/
/** Before a name, what makes it another subject (選修物理 is not 物理). */
const LEVEL_BEFORE = /(選修|加深加廣|加深)$/

export class Lexicon {
  private readonly forms = new Map<string, NameEntry[]>()
  private longest = 0

  /**
   * `prefixes`: a name of five characters or more may be written by its first three or more
   * (數學專題 for 數學專題研究): for subjects, whose long names students shorten so.
   */
  constructor(names: Iterable<{ name: string; field?: NameEntry['field'] }>, options: { prefixes?: boolean } = {}) {
    for (const { name, field } of names) {
      const forms = formsOf(name)
      for (const { form, exact } of forms) this.add(form, { name, exact, field })
      const full = forms[0]?.form ?? ''
      if (options.prefixes && full.length >= 5) {
        for (let n = 3; n < full.length; n++) this.add(full.slice(0, n), { name, exact: false, field })
      }
    }
  }

  private add(form: string, entry: NameEntry) {
    const entries = this.forms.get(form) ?? []
    if (entries.some((e) => e.name === entry.name && e.field === entry.field)) return
    entries.push(entry)
    this.forms.set(form, entries)
    this.longest = Math.max(this.longest, form.length)
  }

  /** The names a text mentions: longest reading first, a mention inside a longer one dropped. */
  mentions(text: string): Mention[] {
    const hits: Mention[] = []
    for (let start = 0; start < text.length; start++) {
      for (let end = Math.min(text.length, start + this.longest); end >= start + 2; end--) {
        const names = this.forms.get(text.slice(start, end))
        if (!names) continue
        const exact = names.some((n) => n.exact)
        if (!exact && CONTINUES.test(text.slice(end))) continue
        if (LEVEL_BEFORE.test(text.slice(0, start))) continue
        hits.push({ start, end, text: text.slice(start, end), names })
      }
    }
    return hits.filter((h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start))
  }
}
