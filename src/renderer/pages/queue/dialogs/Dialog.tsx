import { useEffect, useId, useRef, type ReactNode } from 'react'

/**
 * A modal dialog: focus moves in (to `[data-autofocus]` or the first field) and back out to
 * where it was on close; Esc closes — but not while an input method is composing, where Esc
 * cancels the composition.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null)
  const titleId = useId()
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      ref.current?.querySelector<HTMLElement>('input, textarea, select, button')
    first?.focus()
    return () => before?.focus()
  }, [])
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.nativeEvent.isComposing && e.keyCode !== 229) {
            e.stopPropagation()
            onClose()
          }
        }}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  )
}
