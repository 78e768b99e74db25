// One day's export arrives as several files — a workbook of course and cadre, a CSV of outcome
// and performance, the problem list — imported one after another. Files imported less than
// an hour apart are one sitting: together they are "the last import" (the queue's 「上次匯入後
// 新增或變更」) and one point of the dashboard's trend.

const SITTING_GAP_MS = 60 * 60 * 1000

const msOf = (taipei: string) => Date.parse(`${taipei.replace(' ', 'T')}+08:00`)

const sameSitting = (earlier: string, later: string) => msOf(later) - msOf(earlier) < SITTING_GAP_MS

/** When the last sitting began. `stamps`: Taipei import times, newest first. */
export function lastSittingStart(stamps: string[]): string | null {
  let start = stamps[0] ?? null
  for (const earlier of stamps.slice(1)) {
    if (start === null || !sameSitting(earlier, start)) break
    start = earlier
  }
  return start
}

/** The last import of each sitting, oldest first. `rows`: imports oldest first. */
export function lastOfEachSitting<T extends { imported_at: string }>(rows: T[]): T[] {
  const last: T[] = []
  for (const row of rows) {
    if (last.length && sameSitting(last.at(-1)!.imported_at, row.imported_at)) last[last.length - 1] = row
    else last.push(row)
  }
  return last
}
