import type { AppSettings } from '../../shared/contract/settings'
import { DEFAULT_ROUTING } from '../../shared/domain'
import type { Db } from '../db/store'
import { AppError } from '../errors'

// Settings are the school's (its name, which section fixes which kind) or this PC's: the person
// at it, their section and calendar. On a school server every PC shares the table, so a PC's own
// settings are kept under its key (`pc/<pc>/operatorName`): each change is recorded under the
// name of whoever is at the PC that made it. A file DB from before this split kept them
// unprefixed; it is this PC's own, so they are read as this PC's until it saves its own.

const DEFAULTS: AppSettings = {
  operatorName: null,
  section: null,
  schoolName: '',
  dateStyle: 'roc',
  routing: DEFAULT_ROUTING,
}

/** What each PC keeps for itself. */
const OWN: (keyof AppSettings)[] = ['operatorName', 'section', 'dateStyle']

/** Who is asking: this PC's key, and whether the DB is the PC's own file (legacy settings apply). */
export interface SettingsOwner {
  pc: string
  ownFile: boolean
}

/** Where a PC keeps a setting of its own. */
export const ownKey = (pc: string, key: string) => `pc/${pc}/${key}`

/** The owner of a core's calls: its PC, on its own file or on a shared server. */
export const ownerOf = (ctx: { pc: string; store: { backend: string } }): SettingsOwner => ({ pc: ctx.pc, ownFile: ctx.store.backend === 'sqlite' })

export async function getSettings(db: Db, owner: SettingsOwner): Promise<AppSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute()
  const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
  const settings = { ...DEFAULTS } as Record<string, unknown>
  for (const [key, value] of stored) {
    // The table holds other school-wide rows too (reply templates: core/replies/templates.ts).
    if (!Object.hasOwn(DEFAULTS, key)) continue
    if (owner.ownFile || !OWN.includes(key as keyof AppSettings)) settings[key] = value
  }
  for (const key of OWN) if (stored.has(ownKey(owner.pc, key))) settings[key] = stored.get(ownKey(owner.pc, key))
  const result = settings as unknown as AppSettings
  // A routing saved before a kind existed still routes that kind by default.
  result.routing = { ...DEFAULT_ROUTING, ...result.routing }
  return result
}

export async function updateSettings(db: Db, owner: SettingsOwner, patch: Partial<AppSettings>): Promise<AppSettings> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined)
  for (const [name, value] of entries) {
    const key = OWN.includes(name as keyof AppSettings) ? ownKey(owner.pc, name) : name
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute()
  }
  return getSettings(db, owner)
}

/**
 * The name every change is recorded under. Changes are refused until it is set, so
 * that no history row ever reads "unknown".
 */
export async function requireOperator(db: Db, owner: SettingsOwner): Promise<string> {
  const { operatorName } = await getSettings(db, owner)
  if (!operatorName) throw new AppError('operator-missing', '請先到「設定」填寫您的姓名，再進行這項操作。')
  return operatorName
}

/** The settings this PC keeps for itself, to carry to a server it moves to. */
export function ownSettings(settings: AppSettings): Partial<AppSettings> {
  return Object.fromEntries(OWN.filter((k) => settings[k] !== null).map((k) => [k, settings[k]]))
}
