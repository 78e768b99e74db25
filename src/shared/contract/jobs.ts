import { z } from 'zod'
import { call } from './define'

/**
 * Anything that takes more than a moment (reading a big file, writing a big workbook)
 * runs as a job; the renderer polls it to draw a progress bar.
 */
export interface JobProgress {
  /** What is being done now, in zh-TW (e.g. 「讀取工作表 學期成績」). */
  label: string
  done: number
  /** Null while the total is not known yet. */
  total: number | null
}

export type JobStatus =
  | { id: string; state: 'running'; progress: JobProgress }
  | { id: string; state: 'done'; progress: JobProgress; result: unknown }
  | { id: string; state: 'failed'; progress: JobProgress; error: { code: string; message: string; detail?: unknown } }
  /** Stopped because its work was no longer wanted (its file discarded, or read again with other choices). */
  | { id: string; state: 'cancelled'; progress: JobProgress }

export const jobCalls = {
  'jobs.get': call(z.object({ id: z.string().min(1) })).returns<JobStatus>(),
  /** Host only (the window polls `jobs.get` to show progress): the job's end, once it has ended. */
  'jobs.wait': call(z.object({ id: z.string().min(1) })).returns<JobStatus>(),
}
