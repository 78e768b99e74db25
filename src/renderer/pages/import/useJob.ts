import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useCallQuery } from '../../api'

/**
 * Follows a job of core ~5 times a second while it runs (for a progress bar); when it ends,
 * every cached read is refreshed, since the staged files and batches changed.
 */
export function useJob(jobId: string | null, running: boolean) {
  const client = useQueryClient()
  const job = useCallQuery('jobs.get', { id: jobId ?? '' }, {
    enabled: !!jobId && running,
    // Polls until the job has ended, then stops.
    refetchInterval: (query) => (query.state.data && query.state.data.state !== 'running' ? false : 200),
    staleTime: 0,
  })
  const state = job.data?.state
  const seen = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (state && state !== 'running' && seen.current !== `${jobId}:${state}`) {
      seen.current = `${jobId}:${state}`
      void client.invalidateQueries()
    }
  }, [state, jobId, client])
  return job.data
}
