import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { CallError, useCallQuery } from '../api'

// Other PCs on the school's server change the data under this window. The page asks core every
// few seconds for the change counter (a cheap read of one row); when it has moved, every read on
// screen is fetched again. React Query keeps showing the old data until the new arrives, and
// nothing the clerk holds (a dialog, a selection, a half-typed text) lives in the cache, so a
// refresh never takes it away.

/** How often the page asks whether anything changed. */
export const SYNC_INTERVAL_MS = 2_000

/** Reads a change elsewhere does not touch: the poll itself, and the progress of this PC's jobs. */
const UNTOUCHED = new Set(['sync.changes', 'jobs.get'])

/** A call refused because the school's server cannot be used now (not because of what was asked). */
const CONNECTION_CODES = new Set([
  'db-server-unreachable', 'db-wrong-password', 'db-password-required', 'db-not-allowed', 'db-missing', 'db-newer-version', 'db-tls-refused', 'db-tls-failed',
])

export interface ServerConnection {
  /** Why the server cannot be used now (zh-TW), or null while it can (or the data is on this PC). */
  problem: string | null
}

/** The change counter as last polled, from the cache (never fetches it itself). */
export function useChangeSeq(): number | undefined {
  return useCallQuery('sync.changes', {}, { enabled: false }).data?.seq
}

/** Polls for other PCs' changes and refreshes the page's reads when there are some. Once, in App. */
export function useChangeSync(): ServerConnection {
  const client = useQueryClient()
  const changes = useCallQuery('sync.changes', {}, {
    refetchInterval: SYNC_INTERVAL_MS,
    // A window beside another one is not focused, and still shows the school's work.
    refetchIntervalInBackground: true,
    staleTime: 0,
  })
  const seq = changes.data?.seq
  const seen = useRef(seq)
  useEffect(() => {
    if (seq === undefined) return
    if (seen.current !== undefined && seen.current !== seq) {
      void client.invalidateQueries({ predicate: (q) => !UNTOUCHED.has(String(q.queryKey[0])) })
    }
    seen.current = seq
  }, [seq, client])

  const failed = useFailedConnection(client, () => changes.refetch())
  const problem = changes.data && !changes.data.connected ? changes.data.problem : null
  return { problem: problem ?? failed }
}

/**
 * A read or a change that failed for the connection says so at once, before the next poll; the
 * poll, asked right away, then says whether it still holds.
 */
function useFailedConnection(client: QueryClient, poll: () => Promise<unknown>): string | null {
  const [failed, setFailed] = useState<string | null>(null)
  const pollRef = useRef(poll)
  pollRef.current = poll
  useEffect(() => {
    const seen = (error: unknown, call: unknown) => {
      // 設定 → 資料庫 trying another server is not this window's connection failing.
      if (!(error instanceof CallError) || !CONNECTION_CODES.has(error.code) || String(call).startsWith('database.')) return
      setFailed(error.message)
      void pollRef.current().finally(() => setFailed(null))
    }
    const queries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') seen(event.action.error, event.query.queryKey[0])
    })
    const mutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') seen(event.action.error, event.mutation.options.mutationKey?.[0])
    })
    return () => {
      queries()
      mutations()
    }
  }, [client])
  return failed
}
