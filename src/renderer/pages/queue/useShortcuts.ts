import { useEffect, useRef } from 'react'
import { isComposing, isTypingTarget, shortcutFor, type Shortcut } from './shortcuts'

/**
 * Listens for the queue's keys on the window while `enabled` (no dialog open). Esc in a
 * field hands the keyboard back to the queue (unless an input method is composing, where
 * Esc cancels the composition).
 */
const pick = (e: KeyboardEvent) => ({
  key: e.key, keyCode: e.keyCode, isComposing: e.isComposing, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey,
  shiftKey: e.shiftKey,
})

export function useShortcuts(enabled: boolean, onShortcut: (shortcut: Shortcut) => void, home: () => HTMLElement | null) {
  const handler = useRef(onShortcut)
  handler.current = onShortcut
  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      const input = { ...pick(event), target }
      if (event.key === 'Escape' && isTypingTarget(target) && !isComposing(input)) {
        event.preventDefault() // a search field would clear itself on Esc; the search stays
        target?.blur()
        home()?.focus()
        return
      }
      const shortcut = shortcutFor(input)
      if (!shortcut) return
      event.preventDefault()
      handler.current(shortcut)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [enabled, home])
}
