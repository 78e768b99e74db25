import { useEffect, useRef, useState } from 'react'
import { parseTaipeiTimestamp } from '../../../shared/dates'

/**
 * Counts down to `end` from core's clock: `serverNow` was true at `fetchedAt` (this page's
 * clock), so the page's own clock only measures the time elapsed since. When the end is
 * reached, `onElapsed` fetches the next phase.
 */
export function Countdown({ end, serverNow, fetchedAt, onElapsed }: {
  end: string
  serverNow: string
  fetchedAt: number
  onElapsed: () => void
}) {
  const [tick, setTick] = useState(() => Date.now())
  const fired = useRef(false)
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  const endMs = parseTaipeiTimestamp(end)?.getTime() ?? 0
  const nowMs = (parseTaipeiTimestamp(serverNow)?.getTime() ?? 0) + Math.max(0, tick - fetchedAt)
  const left = Math.max(0, Math.floor((endMs - nowMs) / 1000))
  useEffect(() => {
    fired.current = false
  }, [end])
  useEffect(() => {
    if (left === 0 && !fired.current) {
      fired.current = true
      onElapsed()
    }
  }, [left, onElapsed])

  const days = Math.floor(left / 86400)
  const clock = [Math.floor((left % 86400) / 3600), Math.floor((left % 3600) / 60), left % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':')
  return (
    <span className="countdown" data-testid="countdown" aria-live="off">
      {days > 0 && <><b>{days}</b> 天 </>}
      <b>{clock}</b>
    </span>
  )
}
