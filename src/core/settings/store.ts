import type { AppSettings } from '../../shared/contract/settings'
import { DEFAULT_ROUTING } from '../../shared/domain'
import type { Database } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'

const DEFAULTS: AppSettings = {
  operatorName: null,
  section: null,
  schoolName: '',
  dateStyle: 'roc',
  routing: DEFAULT_ROUTING,
}

export async function getSettings(db: Db): Promise<AppSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute()
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
  const settings = { ...DEFAULTS, ...stored } as AppSettings
  // A routing saved before a kind existed still routes that kind by default.
  settings.routing = { ...DEFAULT_ROUTING, ...settings.routing }
  return settings
}

export async function updateSettings(db: Db, patch: Partial<AppSettings>): Promise<AppSettings> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined)
  for (const [key, value] of entries) {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute()
  }
  return getSettings(db)
}

/**
 * The name every change is recorded under. Changes are refused until it is set, so
 * that no history row ever reads "unknown".
 */
export async function requireOperator(db: Db): Promise<string> {
  const { operatorName } = await getSettings(db)
  if (!operatorName) throw new AppError('operator-missing', '請先到「設定」填寫您的姓名，再進行這項操作。')
  return operatorName
}
