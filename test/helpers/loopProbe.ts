import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// How a long piece of work feels to the window: the longest the event loop was kept from
// running (a timer asked for every 5 ms fires late by that much), and how far the process'
// memory grew. The machine is shared (2 cores, often a load of 10): a timer can also fire
// late because the process was not scheduled at all. So a late tick counts only as long as
// the process actually computed meanwhile (its CPU time, all threads) — work of ours that
// held the loop shows in both, a descheduled process in the first only.

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
  let lastCpu = process.cpuUsage()
  let stall = 0
  const tick = () => {
    const now = performance.now()
    const cpu = process.cpuUsage(lastCpu)
    stall = Math.max(stall, Math.min(now - last, (cpu.user + cpu.system) / 1000) - TICK)
    last = now
    lastCpu = process.cpuUsage()
    peak = Math.max(peak, process.memoryUsage.rss())
  }
  const timer = setInterval(tick, TICK)
  const started = performance.now()
  try {
    const value = await work()
    tick()
    const now = performance.now()
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
