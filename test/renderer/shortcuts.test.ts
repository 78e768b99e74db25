import { describe, expect, it } from 'vitest'
import { shortcutFor } from '../../src/renderer/pages/queue/shortcuts'

// The October desk's new keys (issue 12): g and a number jumps, a enters a report by hand — and,
// like every queue key, none of them fires while the clerk types in a field or an input method composes.

const home = { tagName: 'DIV' }

describe('the October desk keys', () => {
  it('g starts a jump, digits follow it, a opens 登錄回報; f and n decide a new item at once', () => {
    expect(shortcutFor({ key: 'g', target: home })).toEqual({ type: 'goto' })
    expect(shortcutFor({ key: '1', target: home })).toEqual({ type: 'digit', digit: 1 })
    expect(shortcutFor({ key: '0', target: home })).toEqual({ type: 'digit', digit: 0 })
    expect(shortcutFor({ key: 'a', target: home })).toEqual({ type: 'handEntry' })
    expect(shortcutFor({ key: 'f', target: home })).toEqual({ type: 'decide', to: 'corrected' })
    expect(shortcutFor({ key: 'n', target: home })).toEqual({ type: 'decide', to: 'noChange' })
  })

  it('none fires while typing in a field or while an input method is composing', () => {
    for (const key of ['g', '1', 'a', 'f', 'n']) {
      expect(shortcutFor({ key, target: { tagName: 'INPUT', type: 'search' } })).toBeNull()
      expect(shortcutFor({ key, target: { tagName: 'TEXTAREA' } })).toBeNull()
      expect(shortcutFor({ key, target: home, isComposing: true })).toBeNull()
      expect(shortcutFor({ key, target: home, keyCode: 229 })).toBeNull()
    }
    // Ctrl+1 or Alt+g belong to the browser, not the queue.
    expect(shortcutFor({ key: '1', ctrlKey: true, target: home })).toBeNull()
    expect(shortcutFor({ key: 'g', altKey: true, target: home })).toBeNull()
  })
})
