import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { LIMITS } from './limits'

// Books that can only be read whole — an .xls, a web page's table, an .ods (through SheetJS) and
// a 收訖 zip's JSON — are parsed in a worker thread: SheetJS and JSON.parse hold their thread for
// seconds on a big file, which on the main thread would freeze the window. The worker has a heap
// of its own (LIMITS.parserHeapMb) and a time limit, so a hostile file cannot take the app with
// it. It answers with a sheet's rows a thousand at a time, when asked: only what the analysis is
// reading is copied across, and every cell crosses as a plain value (see WorkerCell).
//
// Its code is a string run with `eval`, so it needs no file of its own beside the bundle
// (electron-vite builds main into one file; the tests and the CLI run the sources); it requires
// SheetJS by the path resolved here (Electron reads it from app.asar, as workers may since
// Electron 18). What SheetJS writes on the console (its ODS style warnings) is not ours to show.

const WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
console.log = console.warn = console.error = () => {}
const { mode, input, limits } = workerData
const CHUNK = 1000

function cellOf(c) {
  if (!c) return null
  switch (c.t) {
    case 's': return c.v == null ? null : String(c.v)
    case 'b': return !!c.v
    case 'n': return c.z && c.z !== 'General' ? { n: c.v, z: String(c.z) } : c.v
    case 'e': return { e: c.w || '#ERROR' }
    case 'd': return c.w || String(c.v)
    default: return null
  }
}

function readSheetJs() {
  const XLSX = require(workerData.library)
  const wb = XLSX.read(input, {
    type: typeof input === 'string' ? 'string' : 'array', dense: true, raw: true, cellNF: true, cellText: false,
    cellHTML: false, cellFormula: false, cellStyles: false, sheetRows: limits.rows + 1,
  })
  if (wb.SheetNames.length > limits.sheets) throw { code: 'too-many-sheets' }
  let cells = 0
  const sheets = wb.SheetNames.map((name) => {
    const data = (wb.Sheets[name] && wb.Sheets[name]['!data']) || []
    for (const row of data) if (row) cells += row.length
    return { name, count: data.length, next: sheetJsRows(data) }
  })
  if (cells > limits.cells) throw { code: 'too-many-cells' }
  return { sheets, date1904: !!(wb.Workbook && wb.Workbook.WBProps && wb.Workbook.WBProps.date1904) }
}

function* sheetJsRows(data) {
  for (let r = 0; r < data.length; r++) {
    const row = data[r]
    if (!row) continue
    const cells = Array.from(row, cellOf)
    if (cells.some((c) => c !== null)) yield [r + 1, cells]
  }
}

// A 收訖 JSON (shared/FORMATS-ZIP.md): { "<kind>": [ { 身分證號, 出生日期, "<sheet>": [ {…flat…} ] } ] }.
// Each sheet becomes a table: a header row (身分證號, 出生日期, then every field in the order first
// seen), then one row a record, students in order.
function readJson() {
  let text
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input)
  } catch {
    throw { code: 'json-encoding' }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let root
  try {
    root = JSON.parse(text)
  } catch (error) {
    throw { code: 'json-syntax', detail: String(error && error.message) }
  }
  text = null
  const students = root !== null && typeof root === 'object' ? root[workerData.kindKey] : undefined
  if (!Array.isArray(students)) throw { code: 'json-kind' }
  const sheets = new Map()
  let cells = 0
  students.forEach((student, i) => {
    if (student === null || typeof student !== 'object' || Array.isArray(student)) throw { code: 'json-student', detail: [i + 1] }
    for (const key of Object.keys(student)) {
      const records = student[key]
      // 身分證號, 出生日期 and whatever else is no sheet.
      if (!Array.isArray(records)) continue
      let sheet = sheets.get(key)
      if (!sheet) sheets.set(key, (sheet = { name: key, columns: new Map(), count: 1 }))
      records.forEach((record, j) => {
        if (record === null || typeof record !== 'object' || Array.isArray(record)) throw { code: 'json-record', detail: [i + 1, key, j + 1] }
        for (const field of Object.keys(record)) {
          const value = record[field]
          if (value !== null && typeof value === 'object') throw { code: 'json-value', detail: [i + 1, key, j + 1, field] }
          if (!sheet.columns.has(field)) sheet.columns.set(field, sheet.columns.size)
        }
        sheet.count += 1
      })
    }
  })
  if (sheets.size > limits.sheets) throw { code: 'too-many-sheets' }
  for (const sheet of sheets.values()) cells += sheet.count * (sheet.columns.size + 2)
  if (cells > limits.cells) throw { code: 'too-many-cells' }
  return {
    sheets: [...sheets.values()].map((sheet) => ({ name: sheet.name, count: sheet.count, next: jsonRows(students, sheet) })),
    date1904: false,
  }
}

function* jsonRows(students, sheet) {
  const fields = [...sheet.columns.keys()]
  yield [1, ['身分證號', '出生日期', ...fields]]
  let row = 1
  for (const student of students) {
    const records = student[sheet.name]
    if (!Array.isArray(records)) continue
    const id = typeof student['身分證號'] === 'string' ? student['身分證號'] : null
    const birth = student['出生日期']
    const born = typeof birth === 'string' || typeof birth === 'number' ? birth : null
    for (const record of records) {
      const cells = [id, born]
      for (const field of fields) cells.push(record[field] === undefined ? null : record[field])
      yield [++row, cells]
    }
  }
}

let book
parentPort.on('message', (message) => {
  try {
    const sheet = book.sheets[message.sheet]
    const rows = []
    while (rows.length < CHUNK) {
      const step = sheet.next.next()
      if (step.done) break
      rows.push(step.value)
    }
    parentPort.postMessage({ type: 'rows', rows, done: rows.length < CHUNK })
  } catch (error) {
    parentPort.postMessage({ type: 'error', code: 'unreadable', detail: String((error && error.message) || error) })
  }
})
try {
  book = mode === 'json' ? readJson() : readSheetJs()
  parentPort.postMessage({ type: 'opened', sheets: book.sheets.map((s) => ({ name: s.name, rows: s.count })), date1904: book.date1904 })
} catch (error) {
  const known = error && typeof error === 'object' && typeof error.code === 'string' && !(error instanceof Error)
  const message = String((error && error.message) || error)
  const code = known ? error.code : /password|encrypt/i.test(message) ? 'encrypted' : /Invalid (string|array) length|allocation/i.test(message) ? 'memory' : 'unreadable'
  parentPort.postMessage({ type: 'error', code, detail: known ? error.detail ?? null : message })
}
`

/**
 * A cell as the worker hands it over: text, a number, a boolean or blank; a number whose format
 * is not General with that format (a date, a zero-padded 學號); an error value as Excel shows it.
 */
export type WorkerCell = string | number | boolean | null | { n: number; z: string } | { e: string }

/** A row: its number as the sheet shows it, and its cells left to right. */
export type WorkerRow = [number, WorkerCell[]]

export type ParseFailure =
  | 'encrypted' | 'unreadable' | 'memory' | 'too-many-cells' | 'too-many-sheets' | 'timeout'
  | 'json-encoding' | 'json-syntax' | 'json-kind' | 'json-student' | 'json-record' | 'json-value'

/** Why the worker could not read the book; `detail` says where, for the JSON failures. */
export class ParseError extends Error {
  constructor(readonly code: ParseFailure, readonly detail: unknown = null) {
    super(code)
  }
}

export interface WholeBook {
  sheets: { name: string; rows: number }[]
  date1904: boolean
  /** The next rows of sheet `index` (read in order, one sheet after another); fewer than asked at its end. */
  rows(index: number): Promise<{ rows: WorkerRow[]; done: boolean }>
  /** Ends the worker and frees what it holds; safe to call twice. */
  close(): void
}

export type ParseJob =
  | { mode: 'sheetjs'; input: Uint8Array | string }
  | { mode: 'json'; input: Uint8Array; kindKey: string }

// This module's own path: a CommonJS one (the built main, the CLI through tsx) has __filename,
// an ES module (the tests) import.meta.url.
const here = () => (typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))
let sheetJsPath: string | null = null
const library = () => (sheetJsPath ??= createRequire(here()).resolve('@e965/xlsx'))

/** Starts the worker on a book and waits for it to be parsed (or refused). */
export function parseWhole(job: ParseJob, signal?: AbortSignal): Promise<WholeBook> {
  signal?.throwIfAborted()
  const size = typeof job.input === 'string' ? job.input.length * 2 : job.input.length
  // A view into a bigger buffer would take the whole buffer across: copy just the bytes.
  const input = typeof job.input === 'string' || job.input.byteLength === job.input.buffer.byteLength ? job.input : job.input.slice()
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      ...job,
      input,
      library: job.mode === 'sheetjs' ? library() : null,
      limits: { rows: LIMITS.rows, cells: LIMITS.wholeBookCells, sheets: LIMITS.wholeBookSheets },
    },
    resourceLimits: { maxOldGenerationSizeMb: LIMITS.parserHeapMb },
  })
  let pending: { resolve: (message: WorkerMessage) => void; reject: (error: unknown) => void } | null = null
  let ended: unknown = null
  const end = (error: unknown) => {
    if (ended) return
    ended = error
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    void worker.terminate()
    pending?.reject(error)
    pending = null
  }
  const onAbort = () => end(signal!.reason)
  signal?.addEventListener('abort', onAbort)
  const timer = setTimeout(() => end(new ParseError('timeout')), LIMITS.parseMs(size))
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'error') return end(new ParseError(message.code, message.detail))
    const waiting = pending
    pending = null
    waiting?.resolve(message)
  })
  worker.on('error', (error: Error & { code?: string }) =>
    end(new ParseError(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'unreadable', error.message)))
  worker.on('exit', () => end(new ParseError('unreadable', 'the parser stopped')))
  const next = () => new Promise<WorkerMessage>((resolve, reject) => {
    if (ended) return reject(ended)
    pending = { resolve, reject }
  })

  return next().then((opened) => {
    if (opened.type !== 'opened') throw new ParseError('unreadable')
    // Parsed: what is left is handing rows over, which takes no time to speak of.
    clearTimeout(timer)
    return {
      sheets: opened.sheets,
      date1904: opened.date1904,
      rows: (index) => {
        const reply = next()
        if (!ended) worker.postMessage({ sheet: index })
        return reply.then((m) => (m.type === 'rows' ? { rows: m.rows, done: m.done } : { rows: [], done: true }))
      },
      close: () => end(new ParseError('unreadable', 'closed')),
    }
  })
}

type WorkerMessage =
  | { type: 'opened'; sheets: { name: string; rows: number }[]; date1904: boolean }
  | { type: 'rows'; rows: WorkerRow[]; done: boolean }
  | { type: 'error'; code: ParseFailure; detail: unknown }
