import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StagedFile } from '../../../src/shared/contract/import'
import { stagedById } from '../../helpers/importer'
import { felt } from '../../helpers/loopProbe'
import { stateHash } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { repeated, SHEET_HEAD, SHEET_TAIL, sheetXml, workbookParts, zipOf } from '../../helpers/zipOf'

// Issue 10, item 3: small files that hung the app. Each is refused — with a zh-TW message
// naming the file and what was wrong — within seconds, without holding the event loop for
// more than 200 ms (the window's calls keep being answered) or growing memory by hundreds
// of MB, and the DB is left exactly as it was.

let t: TempCore
beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterAll(() => t.cleanup())

/** Drops a file as the window does and waits for its analysis, feeling the event loop meanwhile. */
async function analysed(fileName: string, bytes: Uint8Array) {
  const hash = await stateHash(t)
  const run = await felt(async () => {
    const staged = await t.call('import.upload', { fileName, bytes: bytes as Uint8Array<ArrayBuffer> })
    await t.core.ctx.jobs.wait(staged.jobId!).catch(() => undefined)
    return stagedById(t, staged.id)
  })
  expect(await stateHash(t)).toBe(hash)
  return run
}

function expectRefusedPromptly(run: { value: StagedFile; stallMs: number; rssGrowthMb: number; seconds: number }, message: RegExp) {
  const figures = `stall ${run.stallMs} ms, memory +${run.rssGrowthMb} MB, ${run.seconds.toFixed(1)} s`
  expect(run.stallMs, figures).toBeLessThanOrEqual(200)
  expect(run.rssGrowthMb, figures).toBeLessThan(400)
  expect(run.seconds, figures).toBeLessThan(20)
  expect(run.value.status).toBe('refused')
  expect(run.value.message).toMatch(message)
}

const HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'

describe('a workbook that inflates far beyond its size', () => {
  it('is refused while inflating: a 1 MB file whose shared strings inflate to 400 MB', async () => {
    const strings = repeated('<sst><si><t>學號</t></si><si><t>姓名</t></si>', '<si><t>積極參與課堂討論</t></si>', 400 * 1024 * 1024 / 40, '</sst>')
    const bytes = zipOf(workbookParts(sheetXml(HEADER_ROW), { 'xl/sharedStrings.xml': strings }))
    expect(bytes.length).toBeLessThan(1.5 * 1024 * 1024)
    const run = await analysed('共用字串.xlsx', bytes)
    expectRefusedPromptly(run, /^無法讀取「共用字串\.xlsx」：.*共用字串（xl\/sharedStrings\.xml）/)
  })
})

describe('a workbook of more shared strings than a school has text', () => {
  it('is refused at its 1,048,577th string, before holding millions of them costs long garbage-collection pauses', async () => {
    // Empty items, five bytes each: 5 MB in all, under every cap on size.
    const strings = repeated('<sst><si><t>學號</t></si><si><t>姓名</t></si>', '<si/>', 1_100_000, '</sst>')
    const run = await analysed('字串.xlsx', zipOf(workbookParts(sheetXml(HEADER_ROW), { 'xl/sharedStrings.xml': strings })))
    expectRefusedPromptly(run, /^無法讀取「字串\.xlsx」：共用字串超過 1,048,576 項/)
  })
})

describe('a cell or row that never ends', () => {
  const bigCell = () => repeated(`${SHEET_HEAD}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>0123</t></is></c><c r="B2" t="inlineStr"><is><t>`, '林', 64 * 1024 * 1024 / 3, `</t></is></c></row>${SHEET_TAIL}`)

  it('refuses a 64 MB cell in a 67 KB file before inflating it, for what it inflates to', async () => {
    const bytes = zipOf(workbookParts(bigCell()))
    expect(bytes.length).toBeLessThan(100 * 1024)
    const run = await analysed('長儲存格.xlsx', bytes)
    expectRefusedPromptly(run, /^無法讀取「長儲存格\.xlsx」：工作表「工作表1」（xl\/worksheets\/sheet1\.xml）解壓縮後是壓縮大小的 100 倍以上/)
  })

  it('refuses the same cell in a zip that understates its size, as damaged, once it inflates past what the zip declares', async () => {
    const bytes = zipOf(workbookParts({ ...bigCell(), size: 100 * 1024 }))
    const run = await analysed('長儲存格.xlsx', bytes)
    expectRefusedPromptly(run, /^無法讀取「長儲存格\.xlsx」：檔案已損毀.*（「xl\/worksheets\/sheet1\.xml」的內容比宣告的大）/)
  })

  it('refuses a run of text that never ends as soon as it passes the cell limit, naming its sheet, row and column', async () => {
    // Text that does not compress (no ratio to catch), in a cell never closed: only the cell limit stops it.
    let seed = 1
    let text = ''
    for (let i = 0; i < 700_000; i++) text += String.fromCharCode(0x4e00 + ((seed = (seed * 48271) % 2147483647) % 20_000))
    const bytes = zipOf(workbookParts(`${SHEET_HEAD}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>0123</t></is></c><c r="C2" t="str"><v>${text}`))
    const run = await analysed('沒有結尾.xlsx', bytes)
    expectRefusedPromptly(run, /^「沒有結尾\.xlsx」工作表「工作表1」第 2 列 C 欄的內容超過 Excel 儲存格的上限（32,767 字）/)
  })

  it('refuses a 3 KB sheet whose rows never close, naming the row left open', async () => {
    let rows = ''
    for (let r = 2; r < 40_000; r++) rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c>`
    const bytes = zipOf(workbookParts(sheetXml(HEADER_ROW + rows)))
    const run = await analysed('未結束的列.xlsx', bytes)
    expectRefusedPromptly(run, /^無法讀取「未結束的列\.xlsx」：.*工作表「工作表1」第 2 列沒有結束/)
  })
})

describe('rows as wide as Excel allows', () => {
  it('are looked through for a header without holding the window: 30 rows of 16,384 columns', async () => {
    const bytes = Buffer.from(`${'林,'.repeat(16_383)}林\r\n`.repeat(30), 'utf8')
    const run = await analysed('很寬.csv', bytes)
    expectRefusedPromptly(run, /^「很寬\.csv」找不到標題列/)
  })
})

describe('a text file of endless rows or fields', () => {
  it('refuses a million blank lines under a header at row 1,048,577, within seconds', async () => {
    const bytes = Buffer.concat([Buffer.from('學號,姓名,班級,座號\r\n0123,林小華,201,01\r\n'), Buffer.alloc(1_048_576, '\n')])
    const run = await analysed('空行.csv', bytes)
    expectRefusedPromptly(run, /^「空行\.csv」第 1048577 列超過 Excel 的列數上限/)
  })

  it('refuses a 10 MB line of commas at its 16,385th field, without building the millions of fields', async () => {
    const bytes = Buffer.concat([Buffer.from('學號,姓名\r\n'), Buffer.alloc(10 * 1024 * 1024, ',')])
    const run = await analysed('逗號.csv', bytes)
    expectRefusedPromptly(run, /^「逗號\.csv」第 2 列 XFE 欄超過 Excel 的欄數上限/)
  })
})

describe('a text file with one endless line', () => {
  it('refuses a 100 MB one-line CSV, naming the row and column, while the window keeps answering', async () => {
    const bytes = Buffer.concat([Buffer.from('學號,姓名\r\n0123,', 'utf8'), Buffer.alloc(100 * 1024 * 1024, 'x')])
    const run = await analysed('一行.csv', bytes)
    expectRefusedPromptly(run, /^「一行\.csv」第 2 列 B 欄的內容/)
  })
})
