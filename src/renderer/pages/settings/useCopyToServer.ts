import { useMutation } from '@tanstack/react-query'
import type { CallInput } from '../../../shared/contract'
import type { CopiedTable } from '../../../shared/contract/database'
import { call, useCallQuery, type CallError } from '../../api'

/**
 * 「把這台電腦的資料搬到伺服器」: core copies the file in one transaction, as a job; polled here
 * for the progress bar and, at the end, what was copied. This PC's own data does not change, so
 * nothing on screen needs refreshing.
 */
export function useCopyToServer() {
  const start = useMutation<{ jobId: string }, CallError, CallInput<'database.copyToServer'>>({
    mutationKey: ['database.copyToServer'],
    mutationFn: (input) => call('database.copyToServer', input),
  })
  const jobId = start.data?.jobId ?? null
  const job = useCallQuery('jobs.get', { id: jobId ?? '' }, {
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 250 : false),
  })
  const status = jobId ? job.data : undefined
  return {
    run: (input: CallInput<'database.copyToServer'>) => start.mutate(input),
    reset: () => start.reset(),
    busy: start.isPending || (jobId !== null && (!status || status.state === 'running')),
    progress: status?.state === 'running' ? status.progress : null,
    copied: status?.state === 'done' ? (status.result as CopiedTable[]) : null,
    /** A refused start (its zod issues in `detail`), or why the copy failed (nothing was copied). */
    error: start.error ?? (status?.state === 'failed' ? status.error : null) ?? job.error,
  }
}
