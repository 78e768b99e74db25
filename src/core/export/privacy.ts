/** The line every workbook states near its top, so a reader knows what it holds. */
export function nationalIdNotice(hasColumn: boolean, full: boolean): string {
  if (!hasColumn) return '本檔不含身分證號。'
  return full
    ? '身分證號：完整顯示（匯出時勾選「包含完整身分證號」）。本檔含個人資料，請妥善保管，勿外流。'
    : '身分證號：已遮蔽（如 A12****789）。'
}

/** The same choice, short, for every printed page's header (pages after the first lack the notes). */
export function nationalIdHeader(hasColumn: boolean, full: boolean): string | null {
  if (!hasColumn) return null
  return full ? '含完整身分證號（個人資料，勿外流）' : '身分證號已遮蔽'
}
