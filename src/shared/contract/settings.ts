import { z } from 'zod'
import { DATE_STYLES, KINDS, SECTIONS, type DateStyle, type Kind, type Section } from '../domain'
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
  backend: 'sqlite' | 'postgres'
  location: string
  migrations: string[]
}

export const settingsUpdateSchema = z
  .object({
    operatorName: z.string().trim().min(1, '請填寫姓名').max(40, '姓名最多 40 字'),
    section: z.enum(SECTIONS),
    schoolName: z.string().trim().max(60),
    dateStyle: z.enum(DATE_STYLES),
    routing: z.record(z.enum(KINDS), z.enum(SECTIONS)),
  })
  .partial()

export const settingsCalls = {
  'settings.get': call(z.object({})).returns<AppSettings>(),
  'settings.update': call(settingsUpdateSchema).returns<AppSettings>(),
  'app.info': call(z.object({})).returns<AppInfo>(),
}
