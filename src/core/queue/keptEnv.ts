import type { Store } from '../db/store'
import { envOf, readEnvBase, readQueueEnv, type EnvBase } from './env'
import type { QueueEnv } from './filters'
import type { QueueReader } from './reader'

// On a server each wait for an answer is a round trip, and a queue call's first one was for its
// env (the last import, the round and its terms), which every later statement is written with.
// That changes only with a write, and every write moves the change mark on (db/store.ts). So the
// env of the previous call is kept, per store, with the mark it was read under; the next call
// sends its statements at once, written with the kept env, together with a read of the mark in
// the same snapshot. When the mark has moved, the answers are dropped, the env read again and the
// call made again: a call never answers from an env older than its own snapshot. On SQLite
// (nothing to save: no round trips) the env is read by every call, as before.

interface Kept {
  mark: string
  base: EnvBase
}

const kept = new WeakMap<Store, Kept>()

const readMark = (reader: QueueReader) =>
  reader.get<{ seq: number; at: string | null }>(`SELECT seq, at FROM change_marks WHERE id = 1`)
    .then((row) => `${row?.seq ?? 0}|${row?.at ?? ''}`)

/** Runs a queue call with its env (`now`, its search found), kept between calls where that saves a round trip. */
export async function withQueueEnv<T>(
  store: Store, reader: QueueReader, now: string, search: string, call: (env: QueueEnv) => Promise<T>,
): Promise<T> {
  if (!reader.pipelines) return call(await readQueueEnv(reader, now, search))
  const mark = readMark(reader)
  mark.catch(() => undefined) // looked at below
  const known = kept.get(store)
  if (!known) {
    const [base, hits] = await Promise.all([readEnvBase(reader), reader.resolveSearch(search)])
    kept.set(store, { mark: await mark, base })
    return call(envOf(base, now, hits, reader))
  }
  const hits = await reader.resolveSearch(search)
  const [answer, current] = await Promise.allSettled([call(envOf(known.base, now, hits, reader)), mark])
  if (current.status === 'rejected') throw current.reason
  if (current.value === known.mark) {
    if (answer.status === 'rejected') throw answer.reason
    return answer.value
  }
  // Written since: the answers (or the error) came from an env that may no longer hold.
  const base = await readEnvBase(reader)
  kept.set(store, { mark: current.value, base })
  return call(envOf(base, now, hits, reader))
}
