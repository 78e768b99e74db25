import type { StagedOrigin, StagedSheet } from '../../../shared/contract/import'
import { schoolYearAt } from '../../../shared/terms'

export const ORIGIN_LABELS: Record<StagedOrigin, string> = { dialog: '選擇檔案', drop: '拖放', cli: '命令列' }

export const KEPT_ASIDE = '（不匯入）'

export const formatCount = (n: number) => n.toLocaleString('zh-TW')

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * The terms a user may pick: the last two school years' terms, by today's date — and for a
 * records file, which may hold a whole school year, each of those years too. Today is Taipei's,
 * whatever time zone the PC keeps.
 */
export function termChoices(withYears: boolean, now = new Date()): string[] {
  const schoolYear = schoolYearAt(now)
  return [schoolYear - 2, schoolYear - 1, schoolYear].flatMap((y) => [...(withYears ? [`${y}`] : []), `${y}1`, `${y}2`])
}

export const sheetHasData = (sheet: StagedSheet) => sheet.shape !== null && sheet.rows > 0
