import type { jobCalls } from '../shared/contract/jobs'
import type { HandlersOf } from './context'

export const jobHandlers: HandlersOf<typeof jobCalls> = {
  'jobs.get': async ({ id }, { jobs }) => jobs.get(id),
  'jobs.wait': async ({ id }, { jobs }) => {
    // The job's own error is in its status; waiting only has to outlast it.
    await jobs.wait(id).catch(() => undefined)
    return jobs.get(id)
  },
}
