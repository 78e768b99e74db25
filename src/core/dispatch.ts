import { z } from 'zod'
import { contract, HOST_ONLY_CALLS, isCallName } from '../shared/contract'
import type { CallResult } from '../shared/result'
import { handlers as defaultHandlers, type Handlers } from './api'
import type { CoreContext } from './context'
import { AppError } from './errors'
import { toErrorShape } from './jobs'

z.config(z.locales.zhTW())

/** Who is calling: the app's window (through IPC or the test bridge), or the hosting process itself (the CLI). */
export type Door = 'window' | 'host'

/**
 * The one door into core: checks the call exists and may come through this door, validates
 * its input against the contract, runs the handler and turns every outcome — including
 * a thrown error — into a plain `CallResult`.
 */
export async function dispatch(
  ctx: CoreContext,
  name: unknown,
  input: unknown,
  door: Door = 'window',
  handlers: Handlers = defaultHandlers,
): Promise<CallResult<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown-call', message: `沒有這項功能：${String(name)}` } }
  }
  if (door === 'window' && HOST_ONLY_CALLS.has(name)) {
    return { ok: false, error: { code: 'forbidden', message: `「${name}」只能由命令列使用。` } }
  }
  const parsed = contract[name].input.safeParse(input ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message))
    return {
      ok: false,
      error: { code: 'invalid-input', message: `輸入資料不正確：${issues.join('；')}`, detail: parsed.error.issues },
    }
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CoreContext) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data, ctx) }
  } catch (error) {
    // Handlers that query ctx.db directly (not through the store's read/write) get the driver's
    // own error when the server goes away: said in zh-TW as the store says it.
    const why = error instanceof AppError ? error : ctx.store.explain(error)
    if (!why) console.error(`[${name}]`, error)
    return { ok: false, error: toErrorShape(why ?? error) }
  }
}
