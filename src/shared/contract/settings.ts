import { z } from 'zod'
import { DATE_STYLES, KIND_LABELS, KINDS, SECTION_LABELS, SECTIONS, type DateStyle, type Kind, type Section } from '../domain'
import type { Backend } from './database'
import { call } from './define'

export interface AppSettings {
  /** The person at this PC; every change records it. Null until set in 設定. */
  operatorName: string | null
  /** The section the queue opens on. */
  section: Section | null
  schoolName: string
  dateStyle: DateStyle
  /** Which section fixes which kind. */
  routing: Record<Kind, Section>
}

export interface AppInfo {
  version: string
  /** Where the data is: this PC's file, or the school's server (user@host:port/database). */
  backend: Backend
  location: string
  migrations: string[]
}

const routing = z.record(z.enum(KINDS), z.enum(SECTIONS))

export const settingsUpdateSchema = z
  .object({
    operatorName: z.string().trim().min(1, '請填寫姓名').max(40, '姓名最多 40 字'),
    section: z.enum(SECTIONS),
    schoolName: z.string().trim().max(60),
    dateStyle: z.enum(DATE_STYLES),
    routing,
    /**
     * How many report items the user agreed to move to another section (`settings.routingMoves`).
     * A routing that moves items is refused without it, or when the count has changed meanwhile.
     */
    confirmedMoves: z.number().int().min(0),
  })
  .partial()

/** The report items of one kind a routing would move to another section. */
export interface RoutingMove {
  kind: Kind
  to: Section
  items: number
}

/** '將 42 筆「幹部經歷」回報項目改由 學務處社團活動組 處理' — what 設定 asks to confirm. */
export const moveText = (m: RoutingMove) => `將 ${m.items} 筆「${KIND_LABELS[m.kind]}」回報項目改由 ${SECTION_LABELS[m.to]} 處理`

export const settingsCalls = {
  'settings.get': call(z.object({})).returns<AppSettings>(),
  'settings.update': call(settingsUpdateSchema).returns<AppSettings>(),
  /** What saving this routing would move, kind by kind (only kinds with items to move). */
  'settings.routingMoves': call(z.object({ routing })).returns<RoutingMove[]>(),
  'app.info': call(z.object({})).returns<AppInfo>(),
}
