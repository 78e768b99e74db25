import type { Locator } from 'playwright-core'
import { expect } from 'vitest'

// Web-first assertions for vitest: retry until the page shows what is expected (or time out).

const POLL = { timeout: 15_000, interval: 50 }
type Polled<T> = ReturnType<typeof expect.poll<T>>

/** The element's visible text, polled. */
export const textOf = (locator: Locator): Polled<string> =>
  expect.poll(() => locator.innerText().catch(() => ''), POLL)

/** An input's value, polled. */
export const valueOf = (locator: Locator): Polled<string | null> =>
  expect.poll(() => locator.inputValue().catch(() => null), POLL)

/** How many elements match, polled. */
export const countOf = (locator: Locator): Polled<number> => expect.poll(() => locator.count(), POLL)

export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: POLL.timeout })
}
