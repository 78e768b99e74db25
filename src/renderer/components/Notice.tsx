import type { ReactNode } from 'react'

type Tone = 'error' | 'success' | 'info' | 'warning'

/** A message in the flow of the page; errors are announced to screen readers at once. */
export function Notice({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  )
}
