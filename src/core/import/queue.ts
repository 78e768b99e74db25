import type { CoreContext } from '../context'

// Imports (and restores) run one at a time: each reads the DB as the previous one left it,
// and two big files never sit in memory at once.

const tails = new WeakMap<CoreContext, Promise<unknown>>()

export function serialised<T>(ctx: CoreContext, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(ctx) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(work)
  tails.set(ctx, next)
  return next
}
