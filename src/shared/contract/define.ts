import type { z } from 'zod'

/**
 * One call the renderer can make: a zod schema for its input and, as a type only,
 * its output. Declared once here; main, preload, the test bridge and the renderer
 * all derive their types from it.
 */
export interface CallSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  /** Phantom: carries the output type, never read at run time. */
  readonly _output: O
}

export function call<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): CallSpec<I, O> {
      return { input } as CallSpec<I, O>
    },
  }
}

export type CallMap = Record<string, CallSpec>
