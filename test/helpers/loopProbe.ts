import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// How a long piece of work feels to the window: the longest the event loop was kept from
// running (a timer asked for every 5 ms fires late by that much), and how far the process'
// memory grew. The bounds the tests put on these are generous — the machine is shared.

export interface Felt<T> {
  value: T
  /** The longest stretch the event loop could not run, in ms. */
  stallMs: number
  /** Peak resident memory over what it was before, in MB. */
  rssGrowthMb: number
  seconds: number
}

const TICK = 5

export async function felt<T>(work: () => Promise<T>): Promise<Felt<T>> {
  const mb = (bytes: number) => bytes / 1048576
  const before = process.memoryUsage.rss()
  let peak = before
  let last = performance.now()
  let stall = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stall = Math.max(stall, now - last - TICK)
    last = now
    peak = Math.max(peak, process.memoryUsage.rss())
  }, TICK)
  const started = performance.now()
  try {
    const value = await work()
    const now = performance.now()
    stall = Math.max(stall, now - last - TICK)
    peak = Math.max(peak, process.memoryUsage.rss())
    return { value, stallMs: Math.round(stall), rssGrowthMb: Math.round(mb(peak - before)), seconds: (now - started) / 1000 }
  } finally {
    clearInterval(timer)
  }
}

/** A full garbage collection, to see what is still held. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}
