import type { jobCalls } from '../shared/contract/jobs'
import type { HandlersOf } from './context'

export const jobHandlers: HandlersOf<typeof jobCalls> = {
  'jobs.get': async ({ id }, { jobs }) => jobs.get(id),
}
