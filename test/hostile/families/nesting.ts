import { repeated } from '../../helpers/zipOf'
import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, insertedAt, rebuilt, xlsxBases } from './build'

// Depth: elements nested a million deep around or inside the data (a reader that recursed
// would overflow its stack), rows inside rows, cells inside cells, strings inside strings,
// phonetic runs inside phonetic runs, and a DOCTYPE declaring entities that expand a
// billionfold (an XML reader that expanded them would never finish).

const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`

export const nestingCases: CaseMaker = (bases) => {
  const base = xlsxBases(bases).find((b) => b.key === 'course-sst')!
  const sheet = base.parts[FIRST_SHEET]
  const strings = base.parts['xl/sharedStrings.xml']
  const deep = (depth: number, open: string, close: string, inner = '') => open.repeat(depth) + inner + close.repeat(depth)
  const inSheet: Record<string, (depth: number) => string> = {
    'elements-around-rows': (d) => deep(d, '<x:g>', '</x:g>', '<row r="4000"><c r="A4000"><v>1</v></c></row>'),
    'elements-in-cell': (d) => `<row r="4000"><c r="A4000" t="inlineStr"><is>${deep(d, '<r>', '</r>', '<t>深</t>')}</is></c></row>`,
    'rows-in-rows': (d) => deep(d, '<row>', '</row>'),
    'cells-in-cells': (d) => `<row r="4000">${deep(d, '<c>', '</c>')}</row>`,
    'phonetic-in-phonetic': (d) => `<row r="4000"><c r="A4000" t="inlineStr"><is><t>字</t>${deep(d, '<rPh>', '</rPh>', '<t>ㄗˋ</t>')}</is></c></row>`,
    'unclosed-elements': (d) => '<x:g>'.repeat(d),
  }
  const cases = Object.entries(inSheet).flatMap(([what, make]) =>
    [100, 100_000, 1_000_000].map((depth) => ({
      id: `${base.key}/${what}-${depth}`,
      fileName: base.fileName,
      heavy: depth >= 1_000_000,
      bytes: () => rebuilt(base, { [FIRST_SHEET]: insertedAt(sheet, 0.5, make(depth)) }),
    })))
  return [
    ...cases,
    {
      id: `${base.key}/strings-in-strings`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => rebuilt(base, { 'xl/sharedStrings.xml': strings.replace('<si>', '<si><si><si><t>巢</t></si></si>') }),
    },
    {
      id: `${base.key}/billion-laughs-sheet`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => rebuilt(base, { [FIRST_SHEET]: sheet.replace(/<worksheet/, `${LAUGHS}<worksheet`).replace('<sheetData>', '<sheetData><row r="9000"><c r="A9000" t="inlineStr"><is><t>&lol9;</t></is></c></row>') }),
    },
    {
      id: `${base.key}/billion-laughs-strings`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => rebuilt(base, { 'xl/sharedStrings.xml': strings.replace(/<sst/, `${LAUGHS}<sst`).replace('<si><t>', '<si><t>&lol9;') }),
    },
    {
      id: `${base.key}/deep-nesting-compressed`,
      fileName: base.fileName,
      heavy: false,
      // Ten million open tags in ~100 KB: the ratio stops it before the scanner could care.
      bytes: () => rebuilt(base, { [FIRST_SHEET]: repeated('<worksheet><sheetData>', '<g>', 10_000_000, '') }),
    },
  ]
}
