import type { CaseMaker } from '../corpus'
import { rebuilt, xlsxBases, xmlPartsOf } from './build'

// Damage the zip cannot see: the XML of a part is changed and the part re-zipped with a CRC
// that matches, so the damage reaches the XML scanner — stray `<`, a name cut in half, an
// entity past Unicode, a piece of text repeated or gone.

const SNIPPETS = [
  '<', '>', '</', '/>', '"', '&', '&#x110000;', '&#99999999999;', '&bogus;', '_xD800_', '<row>', '</row>', '<c r="ZZZZZ9">', '</c>',
  '<v>', '</v>', '<is><t>', '<si>', '</si>', '<![CDATA[', ']]>', '<!--', '-->', '<?', '\u0000', '\uFFFF', '\uD800', '學',
]

export const markupCases: CaseMaker = (bases, rng) =>
  xlsxBases(bases).flatMap((base) =>
    xmlPartsOf(base).flatMap((part) => {
      const text = base.parts[part]
      return Array.from({ length: 7 }, (_, i) => {
        const at = rng.int(0, text.length - 1)
        const kind = rng.pick(['snippet', 'snippet', 'delete', 'repeat', 'char'] as const)
        const length = rng.int(1, 400)
        const snippet = rng.pick(SNIPPETS)
        const char = String.fromCharCode(rng.int(0, 0xffff))
        const damaged = {
          snippet: () => text.slice(0, at) + snippet + text.slice(at),
          delete: () => text.slice(0, at) + text.slice(at + length),
          repeat: () => text.slice(0, at + length) + text.slice(at, at + length) + text.slice(at + length),
          char: () => text.slice(0, at) + char + text.slice(at + 1),
        }[kind]
        return {
          id: `${base.key}/${part}/${kind}-${at}-${i}`,
          fileName: base.fileName,
          heavy: false,
          bytes: () => rebuilt(base, { [part]: damaged() }),
        }
      })
    }))
