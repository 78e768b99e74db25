import type { FileCoverage, ImportShape, ImportSummary, RoundNotice, RowProblem, StagedFile, StagedOrigin } from '../../shared/contract/import'
import { AppError } from '../errors'
import type { Analysis } from './analyse'
import type { SheetOverride } from './recognise'
import type { ReceiptZipState } from './receipt/stage'

// Files wait here, in core's memory, between being picked or dropped and being imported:
// their bytes, what the analysis found, and what the user chose (term, shape, mapping). One
// staging area per core, held on its context (ctx.staging) as its jobs are.

export interface Staged {
  id: string
  fileName: string
  origin: StagedOrigin
  bytes: Uint8Array | null
  size: number
  hash: string
  stagedAt: string
  status: StagedFile['status']
  jobId: string | null
  /** Stops the analysis under way, if any (discard, or a new choice made meanwhile). */
  cancel: AbortController | null
  analysis: Analysis | null
  /** A refusal met while reading (corrupt, undecodable…). */
  error: string | null
  importError: string | null
  summary: ImportSummary | null
  choices: { term?: string | null; shape?: ImportShape; overrides: Record<string, SheetOverride>; zipPassword?: string }
  previousImport: StagedFile['previousImport']
  /** Rows naming a student the roster (as it is now) lacks: listed as problems, skipped on import. */
  unknownRows: RowProblem[]
  /** How the file's terms fit the current round (see rounds/fit.ts). */
  roundNotice: RoundNotice | null
  /** The part of the school a confirmation file speaks for, if not all (see coverage.ts). */
  coverage: FileCoverage | null
  /** A 收訖 zip: it stands here until it is unpacked into its data files (receipt/stage.ts). */
  receipt: ReceiptZipState | null
  /** A data file unpacked from a 收訖 zip: the zip's name. */
  fromZip: string | null
}

/** The staged files of one core, in the order they were staged. */
export class StagingArea {
  private readonly files = new Map<string, Staged>()

  get(id: string): Staged {
    const staged = this.files.get(id)
    if (!staged) throw new AppError('staged-not-found', '找不到這個待匯入的檔案，可能已取消或程式已重新啟動。請重新選擇檔案。')
    return staged
  }

  add(staged: Staged): void {
    this.files.set(staged.id, staged)
  }

  /** Whether a file is still staged (not cancelled meanwhile). */
  has(staged: Staged): boolean {
    return this.files.get(staged.id) === staged
  }

  /** Stops the file's analysis, if under way, and forgets it; whether it was staged. */
  discard(id: string): boolean {
    this.files.get(id)?.cancel?.abort()
    return this.files.delete(id)
  }

  /** The staged files, in the order they were staged. */
  list(): Staged[] {
    return [...this.files.values()]
  }

  /** Puts `files` in the place of `zip` (a 收訖 zip unpacked); false when the zip is no longer staged. */
  replace(zip: Staged, files: Staged[]): boolean {
    if (!this.has(zip)) return false
    const entries = [...this.files.entries()]
    this.files.clear()
    for (const [id, staged] of entries) {
      if (id !== zip.id) this.files.set(id, staged)
      else for (const file of files) this.files.set(file.id, file)
    }
    return true
  }
}

/** A staged file as the import page shows it. */
export function toStagedFile(s: Staged): StagedFile {
  const a = s.analysis
  return {
    id: s.id,
    fileName: s.fileName,
    origin: s.origin,
    size: s.size,
    stagedAt: s.stagedAt,
    status: s.status,
    jobId: s.jobId,
    message: s.error ?? a?.refusal ?? null,
    fileKind: a?.fileKind ?? null,
    shape: a?.shape ?? null,
    format: s.receipt ? 'receiptZip' : (a?.format ?? null),
    encoding: a?.encoding ?? null,
    zipPassword: s.receipt?.asks ?? null,
    fromZip: s.fromZip,
    term: a?.term ?? null,
    termSource: a?.termSource ?? 'none',
    termNeeded: a?.termNeeded ?? false,
    sheets: (a?.sheets ?? []).map(({ headers: _h, hadProblems: _p, termNeeded: _t, ...sheet }) => sheet),
    rows: a?.rows ?? 0,
    problemRows: (a?.problemRows ?? 0) + s.unknownRows.length,
    problems: problemsInOrder(a, s.unknownRows).slice(0, 200),
    unknownStudents: s.unknownRows.length,
    previousImport: s.previousImport,
    importError: s.importError,
    roundNotice: s.status === 'imported' ? null : s.roundNotice,
    coverage: s.coverage,
    summary: s.summary,
  }
}

/** Value problems and unknown students together, in sheet and row order. */
function problemsInOrder(analysis: Analysis | null, unknown: RowProblem[]): RowProblem[] {
  if (!unknown.length) return analysis?.problems ?? []
  const sheetOrder = new Map((analysis?.sheets ?? []).map((s, i) => [s.name, i]))
  return [...(analysis?.problems ?? []), ...unknown].sort(
    (a, b) => (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || a.row - b.row,
  )
}
