import { randomUUID } from 'node:crypto'
import type { JobProgress, JobStatus } from '../shared/contract/jobs'
import { AppError } from './errors'

export type ReportProgress = (progress: Partial<JobProgress>) => void

interface Job {
  status: JobStatus
  promise: Promise<unknown>
}

const KEEP_FINISHED = 50

/**
 * Long work runs as a job: the call that starts it returns an id at once, and the
 * renderer polls `jobs.get` to draw a progress bar while the window stays responsive.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>()

  /** `signal`, if given, cancels the job: aborted, the job ends as cancelled, whatever its work throws. */
  start<T>(label: string, run: (report: ReportProgress) => Promise<T>, signal?: AbortSignal): string {
    const id = randomUUID()
    const progress: JobProgress = { label, done: 0, total: null }
    const job: Job = { status: { id, state: 'running', progress }, promise: Promise.resolve() }
    const report: ReportProgress = (p) => Object.assign(progress, p)
    job.promise = run(report).then(
      (result) => {
        job.status = { id, state: 'done', progress, result }
        return result
      },
      (error: unknown) => {
        job.status = signal?.aborted ? { id, state: 'cancelled', progress } : { id, state: 'failed', progress, error: toErrorShape(error) }
        throw error
      },
    )
    // A failed job is reported through `get`; nobody has to await it.
    job.promise.catch(() => undefined)
    this.jobs.set(id, job)
    this.forgetOldJobs()
    return id
  }

  get(id: string): JobStatus {
    const job = this.jobs.get(id)
    if (!job) throw new AppError('job-not-found', '找不到這項工作，可能已結束很久或程式已重新啟動。')
    return { ...job.status, progress: { ...job.status.progress } }
  }

  /** Resolves with the job's result (or rejects with its error): for the CLI and tests. */
  async wait<T = unknown>(id: string): Promise<T> {
    const job = this.jobs.get(id)
    if (!job) throw new AppError('job-not-found', '找不到這項工作。')
    return (await job.promise) as T
  }

  private forgetOldJobs() {
    const finished = [...this.jobs.entries()].filter(([, job]) => job.status.state !== 'running')
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id)
  }
}

export function toErrorShape(error: unknown): { code: string; message: string; detail?: unknown } {
  if (error instanceof AppError) return { code: error.code, message: error.message, detail: error.detail }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: `發生未預期的錯誤：${message}` }
}
