import { useState } from 'react'
import type { ExportResult } from '../../../shared/contract/export'
import type { CallInput } from '../../../shared/contract'
import { useCallMutation, useCallQuery } from '../../api'

/**
 * 匯出 as the user sees it: the call opens the native save dialog; once a path is chosen
 * the workbook is written as a job, polled here for the progress bar and the result.
 */
export function useExportJob() {
  const run = useCallMutation('export.run')
  const [jobId, setJobId] = useState<string | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const job = useCallQuery(
    'jobs.get',
    { id: jobId ?? '' },
    {
      enabled: jobId !== null,
      staleTime: 0,
      refetchInterval: (query) => (query.state.data?.state === 'running' ? 250 : false),
    },
  )

  const start = (options: CallInput<'export.run'>) => {
    setJobId(null)
    setCancelled(false)
    run.mutate(options, {
      onSuccess: (started) => {
        if (started.state === 'started') setJobId(started.jobId)
        else setCancelled(true)
      },
    })
  }

  const status = jobId ? job.data : undefined
  return {
    start,
    /** Waiting for the save dialog, or writing. */
    busy: run.isPending || status?.state === 'running' || (jobId !== null && !status),
    progress: status?.progress ?? null,
    result: status?.state === 'done' ? (status.result as ExportResult) : null,
    error: run.error?.message ?? (status?.state === 'failed' ? status.error.message : null) ?? job.error?.message ?? null,
    cancelled,
  }
}
