import { Worker } from 'node:worker_threads'
import type { ImportShape } from '../../shared/contract/import'
import type { Kind } from '../../shared/domain'
import { AppError } from '../errors'
import { analyseFile, type Analysis, type SheetAnalysis } from './analyse'
import type { Converted } from './sheetRows'
import { sourceWriter, type RecordRow } from './kinds/records'
import type { SavedMapping } from './recognise'

// A file read and converted where another thread can do it (a worker thread: import/worker.ts)
// while this one writes what is already read (import/whileReading.ts): the command line's import
// of a large record file does its two halves, reading and writing, on the machine's two cores.
// What comes back is the analysis's own output in file order: the converted rows a part at a
// time with their sheet, then the analysis (without rows), or the error that stopped the reading.

export interface ReadRequest {
  bytes: Uint8Array
  fileName: string
  /** The term the user gave (the CLI's --term), as analyseFile takes it. */
  term: string | null
  saved: Map<string, SavedMapping>
}

/**
 * A record as it crosses from the worker: a tuple. The structured clone writes an object's keys
 * with every row; without them a part crosses in about a fifth less time on either side.
 */
type RecordTuple = [sheet: string, row: number, nationalId: string, term: string, scope: string, key: string, birthDate: unknown, values: unknown[], source: string]

/** What the worker posts: a part of records as tuples, any other message as it is. */
export type WireMessage = ReadMessage | { type: 'records'; sheet: SheetAnalysis; rows: RecordTuple[] }

export function toWire(message: ReadMessage): WireMessage {
  if (message.type !== 'rows' || !isRecordShape(message.sheet.shape)) return message
  const rows = (message.rows as RecordRow[]).map((r): RecordTuple => [r.sheet, r.row, r.nationalId, r.term, r.scope, r.key, r.birthDate, r.values, r.source!])
  return { type: 'records', sheet: message.sheet, rows }
}

function fromWire(message: WireMessage): ReadMessage {
  if (message.type !== 'records') return message
  const rows = message.rows.map(([sheet, row, nationalId, term, scope, key, birthDate, values, source]): RecordRow =>
    ({ sheet, row, nationalId, term, scope, key, birthDate, values, cells: null, source }))
  return { type: 'rows', sheet: message.sheet, rows }
}

/** An error that crosses from the worker: an AppError keeps its code, message and detail. */
interface ErrorShape {
  code: string | null
  message: string
  detail?: unknown
}

export type ReadMessage =
  | { type: 'rows'; sheet: SheetAnalysis; rows: Converted[] }
  | { type: 'done'; analysis: Analysis }
  | { type: 'failed'; error: ErrorShape }

export interface Reading {
  messages: AsyncIterator<ReadMessage>
  /**
   * Stops the reading (the worker ends); what was not yet taken is dropped. Says whether the
   * thread ended by itself or had to be terminated.
   */
  stop(): Promise<'ended' | 'terminated'>
}

export const isRecordShape = (shape: ImportShape | null): shape is Kind =>
  shape === 'course' || shape === 'outcome' || shape === 'performance' || shape === 'cadre'

/**
 * Reads the file as analyseFile does, handing each part on through `post`. A record's `source` is
 * made here, from its cells under its sheet's headers, and its cells are dropped: what crosses to
 * the writing thread is what it writes.
 */
export async function readFile(request: ReadRequest, post: (message: ReadMessage) => void, signal?: AbortSignal): Promise<void> {
  const writers = new Map<SheetAnalysis, ReturnType<typeof sourceWriter>>()
  try {
    const analysis = await analyseFile(request.bytes, request.fileName, {
      term: request.term,
      saved: request.saved,
      signal,
      onRows: (rows, sheet) => {
        if (isRecordShape(sheet.shape)) {
          let sourceOf = writers.get(sheet)
          if (!sourceOf) writers.set(sheet, (sourceOf = sourceWriter(sheet.headers)))
          for (const row of rows as RecordRow[]) {
            row.source = sourceOf(row.cells!)
            row.cells = null
          }
        }
        post({ type: 'rows', sheet, rows })
      },
    })
    post({ type: 'done', analysis })
  } catch (error) {
    const e = error as Error
    post({ type: 'failed', error: error instanceof AppError ? { code: error.code, message: e.message, detail: error.detail } : { code: null, message: e.stack ?? e.message } })
  }
}

/** The error a `failed` message stands for, on this side. */
export const errorOf = (shape: ErrorShape): Error =>
  shape.code ? new AppError(shape.code, shape.message, shape.detail) : new Error(shape.message)

/** Messages posted from one side, taken in order on the other. */
class Mailbox implements AsyncIterator<ReadMessage> {
  private readonly waiting: ReadMessage[] = []
  private taker: ((result: IteratorResult<ReadMessage>) => void) | null = null
  private ended = false

  post(message: ReadMessage) {
    if (this.ended) return
    if (this.taker) {
      this.taker({ value: message, done: false })
      this.taker = null
    } else this.waiting.push(message)
  }

  /** No more messages; with `drop`, those not yet taken are dropped too. */
  end(drop = false) {
    if (drop) this.waiting.length = 0
    this.ended = true
    this.taker?.({ value: undefined, done: true })
    this.taker = null
  }

  next(): Promise<IteratorResult<ReadMessage>> {
    const message = this.waiting.shift()
    if (message) return Promise.resolve({ value: message, done: false })
    if (this.ended) return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve) => (this.taker = resolve))
  }
}

/** The message that asks the reading thread to stop (worker.ts). */
export const STOP_READING = 'stop-reading'
/** How long a reading thread asked to stop has before it is terminated. */
const STOP_GRACE_MS = 5000

/** Reads in a worker thread running `workerFile` (the built import/worker.ts). */
export function readInWorker(workerFile: string, request: ReadRequest): Reading {
  const mailbox = new Mailbox()
  const worker = new Worker(workerFile, { workerData: request })
  worker.on('message', (message: WireMessage) => mailbox.post(fromWire(message)))
  // A fault of the worker itself (not of the file, which it posts as `failed`).
  worker.on('error', (error) => mailbox.post({ type: 'failed', error: { code: null, message: error.stack ?? error.message } }))
  const exited = new Promise<void>((resolve) => worker.on('exit', () => {
    mailbox.end()
    resolve()
  }))
  let stopping: Promise<'ended' | 'terminated'> | null = null
  const stop = async () => {
    // Asked to stop, the thread ends at its next part; terminated only if it does not (a stuck read).
    let terminated = false
    mailbox.end(true)
    worker.postMessage(STOP_READING)
    const timer = setTimeout(() => {
      terminated = true
      void worker.terminate()
    }, STOP_GRACE_MS)
    await exited
    clearTimeout(timer)
    return terminated ? 'terminated' as const : 'ended' as const
  }
  return { messages: mailbox, stop: () => (stopping ??= stop()) }
}

/** Reads on this thread, between the writes (tests; the same messages in the same order). */
export function readHere(request: ReadRequest): Reading {
  const mailbox = new Mailbox()
  const stopping = new AbortController()
  void readFile(request, (message) => stopping.signal.aborted || mailbox.post(message), stopping.signal).finally(() => mailbox.end())
  return {
    messages: mailbox,
    stop: async () => {
      stopping.abort()
      return 'ended' as const
    },
  }
}
