import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, insertedAt, rebuilt, xlsxBases } from './build'

// What never closes: a row, a cell, a value, an inline string, a shared string, the sheet's
// data, a tag without its `>`, a comment, CDATA or declaration without its end, an attribute
// without its closing quote — early, midway and late in a real sheet.

const SHEET_DAMAGE: Record<string, { remove?: RegExp; insert?: string }> = {
  'row-end': { remove: /<\/row>/ },
  'cell-end': { remove: /<\/c>/ },
  'value-end': { remove: /<\/v>/ },
  'text-end': { remove: /<\/t>/ },
  'inline-end': { remove: /<\/is>/ },
  'data-end': { remove: /<\/sheetData>/ },
  'tag-gt': { remove: /(?<=<c [^>]*)>/ },
  'open-row': { insert: '<row r="3000">' },
  'open-cell': { insert: '<row r="3000"><c r="A3000" t="inlineStr"><is><t>未結束' },
  'comment': { insert: '<!-- 沒有結束的註解' },
  'cdata': { insert: '<c><is><t><![CDATA[沒有結束' },
  'declaration': { insert: '<?xml-stylesheet href="x"' },
  'quote': { insert: '<row r="3000" spans="1:2>' },
  'bare-lt': { insert: '<' },
  'long-tag': { insert: `<c r="A1" x="${'x'.repeat(200_000)}"` },
  'long-name': { insert: `<${'n'.repeat(100_000)}>` },
}

export const unclosedCases: CaseMaker = (bases, rng) =>
  xlsxBases(bases)
    .filter((b) => ['roster', 'course', 'confirmationsWide', 'course-sst'].includes(b.key))
    .flatMap((base) => {
      const sheet = base.parts[FIRST_SHEET]
      const sheetCases = Object.entries(SHEET_DAMAGE).flatMap(([what, damage]) =>
        [0.05, 0.5, 0.95].map((where) => ({
          id: `${base.key}/${what}-${where}`,
          fileName: base.fileName,
          heavy: false,
          bytes: () => {
            if (damage.insert) return rebuilt(base, { [FIRST_SHEET]: insertedAt(sheet, where, damage.insert) })
            // The n-th match of what is removed, n a share `where` of the way through.
            const matches = [...sheet.matchAll(new RegExp(damage.remove!, 'g'))]
            const m = matches[Math.min(matches.length - 1, Math.floor(matches.length * where))]
            return rebuilt(base, { [FIRST_SHEET]: m ? sheet.slice(0, m.index) + sheet.slice(m.index + m[0].length) : sheet })
          },
        })))
      const strings = base.parts['xl/sharedStrings.xml']
      const stringCases = strings
        ? ['</si>', '</t>', '<si>'].map((what) => {
          const at = rng.int(0, strings.length - 1)
          return {
            id: `${base.key}/shared-${what}`,
            fileName: base.fileName,
            heavy: false,
            bytes: () => {
              const from = strings.indexOf(what, at) >= 0 ? strings.indexOf(what, at) : strings.indexOf(what)
              const damaged = what === '<si>' ? strings.slice(0, from) + '<si><t>沒有結束' + strings.slice(from) : strings.slice(0, from) + strings.slice(from + what.length)
              return rebuilt(base, { 'xl/sharedStrings.xml': damaged })
            },
          }
        })
        : []
      // The sheet's XML cut off (a part written half-way), the zip itself intact.
      const cutCases = [0.1, 0.5, 0.9].map((share) => ({
        id: `${base.key}/cut-xml-${share}`,
        fileName: base.fileName,
        heavy: false,
        bytes: () => rebuilt(base, { [FIRST_SHEET]: sheet.slice(0, Math.floor(sheet.length * share)) }),
      }))
      return [...sheetCases, ...stringCases, ...cutCases]
    })
