import type { ImportShape, RowProblem } from '../../shared/contract/import'
import { IMPORT_SHAPE_LABELS } from '../../shared/domain'
import { maskNationalIdsIn } from '../../shared/nationalId'
import { isTerm } from '../../shared/terms'
import type { AnalyseOptions, SheetAnalysis, StagedData } from './analyse'
import { categoryOf, SHAPES } from './headers'
import { hasTermColumns, takesSchoolYear, type CellProblem, type SheetContext } from './kinds/fields'
import { previewOf, PREVIEW_ROWS } from './preview'
import type { RawRow, SheetSource } from './reader'
import {
  applyOverride, guessHeader, HEADER_SCAN_ROWS, headersOf, mapByAliases, missingFields, recogniseSheet, type Recognition,
  type SheetOverride,
} from './recognise'
import { convert, isBlank, isNotData, SeenRows, type Converted } from './sheetRows'
import { identifier, nationalId as readNationalId, type Cell } from './values/cells'

// One sheet of a file being analysed: find its header and shape, then read its rows into what
// the file has gathered so far (the sheets of a file are read one after another).

/** Rows handed to `onRows` at a time. */
const ROWS_PER_PART = 500

const MAX_PROBLEMS = 1000

/** What a file's sheets gather, read in turn: the first recognised sheet's shape decides the rest's. */
export class FileScan {
  shape: ImportShape | null
  data: StagedData | null = null
  readonly sheets: SheetAnalysis[] = []
  readonly problems: RowProblem[] = []
  problemRows = 0
  /** Students named by rows with problems (學號 or 身分證號). */
  readonly protectedRefs = new Set<string>()
  unidentifiedProblem = false
  readonly seen = new SeenRows()

  constructor(
    readonly fileName: string,
    readonly fileTerm: string | null,
    readonly options: AnalyseOptions,
  ) {
    this.shape = options.shape ?? null
  }

  addProblems(sheet: string, row: number, list: CellProblem[]) {
    this.problemRows += 1
    // A reason may quote a cell: whatever it holds, no national ID leaves here whole.
    for (const p of list) if (this.problems.length < MAX_PROBLEMS) this.problems.push({ sheet, row, column: p.column, reason: maskNationalIdsIn(p.reason) })
  }
}

export const NO_DATA_NOTE = '這個工作表沒有資料。'

function emptySheet(name: string, note: string): SheetAnalysis {
  return {
    name, shape: null, note, headerRow: null, columns: [], fieldOptions: [], missingFields: [], previewFields: [],
    preview: [], rows: 0, problemRows: 0, terms: [], headers: [], hadProblems: false, termNeeded: false,
  }
}

export async function analyseSheet(source: SheetSource, scan: FileScan): Promise<void> {
  const rows = source.rows[Symbol.asyncIterator]()
  const head = await headRows(rows)
  const drain = async () => {
    while (!(await rows.next()).done);
  }
  const override = scan.options.overrides?.[source.name]
  const recognised = recognise(head, source.name, scan, override)
  if (!recognised) {
    scan.sheets.push(unrecognisedSheet(source.name, head, override))
    return drain()
  }
  if (scan.shape && recognised.shape !== scan.shape) {
    scan.sheets.push(emptySheet(source.name, `這個工作表是${IMPORT_SHAPE_LABELS[recognised.shape]}，與檔案其他工作表（${IMPORT_SHAPE_LABELS[scan.shape]}）不同，不匯入。`))
    return drain()
  }
  scan.shape = recognised.shape
  const { sheet, ctx } = recognisedSheet(source.name, recognised, override, scan)
  scan.sheets.push(sheet)
  if (sheet.missingFields.length > 0) {
    sheet.note = `缺少必要欄位：${sheet.missingFields.join('、')}。請在「匯入」頁指定對應的欄位。`
    return drain()
  }
  scan.data ??= { shape: recognised.shape, rows: [] } as StagedData
  await readRows(head.slice(recognised.headerIndex + 1), rows, sheet, ctx, scan)
}

/** The first non-blank rows, where the header is looked for. */
async function headRows(rows: AsyncIterator<RawRow>): Promise<RawRow[]> {
  const head: RawRow[] = []
  while (head.length < HEADER_SCAN_ROWS) {
    const next = await rows.next()
    if (next.done) break
    if (!isBlank(next.value.cells)) head.push(next.value)
  }
  return head
}

/** The sheet's header and shape: as recognised, at the header row the user chose, or of the shape they chose. */
function recognise(head: RawRow[], sheetName: string, scan: FileScan, override: SheetOverride | undefined): Recognition | null {
  const chosenShape = override?.shape ?? scan.options.shape
  const chosenAt = override?.headerRow ? head.findIndex((r) => r.row === override.headerRow) : -1
  const recognised = recogniseSheet(
    override?.headerRow ? head.filter((r) => r.row === override.headerRow) : head,
    { sheetName, fileName: scan.fileName }, scan.options.saved, chosenShape ?? scan.shape ?? undefined,
  )
  if (recognised) return override?.headerRow ? { ...recognised, headerIndex: chosenAt } : recognised
  if (!chosenShape) return null
  // The user says what the sheet is: take the likeliest header, map what names match, and let them map the rest.
  const guess = chosenAt >= 0 ? { headerIndex: chosenAt, headers: headersOf(head[chosenAt]) } : guessHeader(head)
  if (!guess) return null
  const fields = mapByAliases(SHAPES[chosenShape], guess.headers)
  const columns = guess.headers.map((header, index) => ({ index, header, field: fields[index], origin: fields[index] ? ('alias' as const) : ('none' as const) }))
  return { headerIndex: guess.headerIndex, headerRow: head[guess.headerIndex].row, headers: guess.headers, shape: chosenShape, columns, score: 0 }
}

/** A sheet not recognised: its likeliest header still shown, for the user to say what it is. */
function unrecognisedSheet(name: string, head: RawRow[], override: SheetOverride | undefined): SheetAnalysis {
  const guess = guessHeader(head)
  const sheet = emptySheet(name, head.length === 0 ? NO_DATA_NOTE : '認不出這個工作表的標題列與資料類型。')
  if (guess) {
    sheet.headers = guess.headers
    sheet.headerRow = head[guess.headerIndex].row
    sheet.columns = applyOverride(guess.headers, null, override?.fields ?? {})
  }
  return sheet
}

function recognisedSheet(name: string, recognised: Recognition, override: SheetOverride | undefined, scan: FileScan) {
  const { shape } = recognised
  const { fileName, fileTerm } = scan
  const spec = SHAPES[shape]
  const columns = applyOverride(recognised.headers, recognised.columns, override?.fields ?? {})
  const ctx: SheetContext = {
    fileName, sheetName: name, shape, columns, fileTerm,
    category: shape === 'performance' ? (categoryOf(name) ?? categoryOf(fileName)) : null,
  }
  const sheet: SheetAnalysis = {
    name, shape, note: null, headerRow: recognised.headerRow, headers: recognised.headers, columns,
    fieldOptions: spec.fields.map((f) => ({ field: f.field, label: f.label, required: !!f.required })),
    missingFields: missingFields(spec, columns.map((c) => c.field)), previewFields: [], preview: [], rows: 0, problemRows: 0,
    terms: [], hadProblems: false,
    termNeeded: shape !== 'roster' && !hasTermColumns(ctx) && !(fileTerm && (isTerm(fileTerm) || takesSchoolYear(shape))),
  }
  return { sheet, ctx }
}

/** The sheet's data rows, converted: kept, or handed on as they come (`onRows`); problems noted. */
async function readRows(rest: RawRow[], rows: AsyncIterator<RawRow>, sheet: SheetAnalysis, ctx: SheetContext, scan: FileScan) {
  const { onRows } = scan.options
  const shape = ctx.shape
  const terms = new Set<string>()
  const previewRows: { row: number; cells: Cell[] }[] = []
  const studentNoIndex = ctx.columns.find((c) => c.field === 'studentNo')?.index
  const nationalIdIndex = ctx.columns.find((c) => c.field === 'nationalId')?.index
  let part: Converted[] = []
  const handOn = () => {
    if (part.length) onRows!(part, sheet)
    part = []
  }
  const noteProblems = (raw: RawRow, problems: CellProblem[]) => {
    scan.addProblems(sheet.name, raw.row, problems)
    sheet.problemRows += 1
    sheet.hadProblems = true
    const ref = studentNoIndex !== undefined ? identifier(raw.cells[studentNoIndex] ?? null)
      : nationalIdIndex !== undefined ? readNationalId(raw.cells[nationalIdIndex] ?? null) : null
    if (ref) scan.protectedRefs.add(ref)
    else scan.unidentifiedProblem = true
  }

  const take = (raw: RawRow) => {
    if (isBlank(raw.cells) || isNotData(raw.cells, sheet.headers)) return
    sheet.rows += 1
    if (previewRows.length < PREVIEW_ROWS) previewRows.push(raw)
    const problems: CellProblem[] = []
    const converted = convert(shape, raw.row, raw.cells, ctx, problems)
    const repeated = converted && scan.seen.take(shape, converted, raw.row)
    if (repeated) problems.push(repeated)
    if (problems.length || !converted) return noteProblems(raw, problems)
    const term = (converted as { term?: string }).term
    if (term) terms.add(term)
    if (!onRows) (scan.data!.rows as unknown[]).push(converted)
    else if (part.push(converted) === ROWS_PER_PART) handOn()
  }

  for (const raw of rest) take(raw)
  for (let next = await rows.next(); !next.done; next = await rows.next()) take(next.value)
  if (onRows) handOn()
  sheet.terms = [...terms].sort()
  const preview = previewOf(ctx, previewRows)
  sheet.previewFields = preview.fields
  sheet.preview = preview.rows
}
