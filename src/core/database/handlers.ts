import type { databaseCalls, DatabaseStatus, ServerConfig } from '../../shared/contract/database'
import type { AppSettings } from '../../shared/contract/settings'
import type { CoreContext, HandlersOf } from '../context'
import { openMigratedStore } from '../db/open'
import type { SqliteStore } from '../db/sqlite/store'
import { copyFileToServer } from '../db/transfer'
import { AppError } from '../errors'
import { serialised } from '../import/queue'
import { ensureCurrentRound } from '../rounds/store'
import { getSettings, ownerOf, ownSettings, updateSettings } from '../settings/store'
import type { Store } from '../db/store'
import { passwordKey, writeChoice } from './choice'
import { openServer, passwordFor, replaceStore } from './connect'
import { testServer } from './probe'

/** How long an unreachable server is left alone before the pages' polling tries it again. */
const RETRY_MS = 5_000

const TABLE_LABELS: Record<string, string> = {
  settings: '設定', rounds: '收訖確認梯次', round_terms: '梯次的學期', import_batches: '匯入紀錄', students: '學生',
  confirmations: '收訖確認結果', report_items: '回報項目', change_steps: '變更步驟', item_history: '變更紀錄',
  change_step_items: '變更步驟的項目', notes: '內部備註', course_records: '修課紀錄', cadre_records: '幹部經歷',
  performance_records: '多元表現', outcome_records: '課程學習成果', column_mappings: '欄位對應',
}

async function status(ctx: CoreContext): Promise<DatabaseStatus> {
  const { server } = ctx.database
  const secrets = ctx.host.secrets
  return {
    kind: server ? 'server' : 'local',
    location: ctx.store.location,
    server,
    connected: !ctx.store.unavailable,
    problem: ctx.store.unavailable?.message ?? null,
    passwordSaved: !!server && ctx.database.remember && !!(await secrets?.get(passwordKey(server))),
    canRememberPassword: ctx.database.remember && !!secrets?.available(),
  }
}

/** Keeps the password as the clerk asked: with the host (encrypted by the OS), or for this session only. */
async function keepPassword(ctx: CoreContext, server: ServerConfig, password: string | undefined, remember: boolean) {
  ctx.database.password = password
  const secrets = ctx.host.secrets
  if (!ctx.database.remember || !secrets?.available()) return
  await secrets.set(passwordKey(server), remember && password ? password : null)
}

/** Tries an unreachable server again (at most every RETRY_MS), as the pages poll for changes. */
async function retryServer(ctx: CoreContext): Promise<void> {
  const server = ctx.database.server
  if (!server || !ctx.store.unavailable || Date.now() < ctx.database.retryAt) return
  ctx.database.retryAt = Date.now() + RETRY_MS
  const store = await openServer(server, await passwordFor(ctx, server), ctx.clock, true)
  if (store.unavailable) {
    replaceStore(ctx, store) // the newest reason
    return
  }
  await ensureCurrentRound(store.db, ctx.clock)
  replaceStore(ctx, store)
}

/** The person at this PC, their section and calendar go with it to a server that does not know them yet. */
async function carryOwnSettings(store: Store, pc: string, mine: Partial<AppSettings>) {
  const owner = { pc, ownFile: false }
  if ((await getSettings(store.db, owner)).operatorName || !mine.operatorName) return
  await store.write(async (w) => {
    await w.begin()
    await updateSettings(w.db, owner, mine)
  }, { operator: mine.operatorName })
}

export const databaseHandlers: HandlersOf<typeof databaseCalls> = {
  'database.status': async (_input, ctx) => status(ctx),

  'database.test': async ({ server, password }, ctx) => testServer(server, await passwordFor(ctx, server, password), ctx.clock),

  // Never in the middle of an import (imports and restores share one queue).
  'database.useServer': async ({ server, password, rememberPassword }, ctx) =>
    serialised(ctx, async () => {
      const pw = await passwordFor(ctx, server, password)
      const mine = ctx.store.unavailable ? {} : ownSettings(await getSettings(ctx.db, ownerOf(ctx)))
      const store = await openServer(server, pw, ctx.clock, false)
      await ensureCurrentRound(store.db, ctx.clock)
      await carryOwnSettings(store, ctx.pc, mine)
      replaceStore(ctx, store)
      ctx.database.server = server
      await keepPassword(ctx, server, pw, rememberPassword)
      if (ctx.database.remember) writeChoice(ctx.database.dataDir, { kind: 'server', server })
      return status(ctx)
    }),

  'database.useLocal': async (_input, ctx) =>
    serialised(ctx, async () => {
      const store = await openMigratedStore({ kind: 'file', file: ctx.dbFile }, ctx.clock)
      await ensureCurrentRound(store.db, ctx.clock)
      replaceStore(ctx, store)
      ctx.database.server = null
      if (ctx.database.remember) writeChoice(ctx.database.dataDir, { kind: 'local' })
      return status(ctx)
    }),

  'database.copyToServer': async ({ server, password }, ctx) => {
    const pw = await passwordFor(ctx, server, password)
    const jobId = ctx.jobs.start('把這台電腦的資料搬到伺服器', (report) =>
      serialised(ctx, async () => {
        report({ label: '連線到伺服器', done: 0, total: null })
        const target = await openServer(server, pw, ctx.clock, false)
        const local = (await openMigratedStore({ kind: 'file', file: ctx.dbFile }, ctx.clock)) as SqliteStore
        try {
          report({ label: '搬移資料', done: 0, total: null })
          const copied = await copyFileToServer(local, target, (done, total) => report({ done, total }))
          return copied.map((c) => ({ ...c, label: TABLE_LABELS[c.table] ?? c.table }))
        } catch (error) {
          throw target.explain(error) ?? error
        } finally {
          await local.close()
          await target.close()
        }
      }),
    )
    return { jobId }
  },

  'sync.changes': async (_input, ctx) => {
    await retryServer(ctx)
    const why = ctx.store.unavailable
    if (why) return { seq: -1, at: null, operator: null, connected: false, problem: why.message }
    try {
      return { ...(await ctx.store.changes()), connected: true, problem: null }
    } catch (error) {
      const explained = ctx.store.explain(error) ?? (error instanceof AppError ? error : null)
      if (!explained) throw error
      return { seq: -1, at: null, operator: null, connected: false, problem: explained.message }
    }
  },
}
