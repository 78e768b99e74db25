/**
 * National IDs are personal data (DESIGN.md §3): exports mask them unless the user asks
 * for them in full. Masked, an ID keeps what staff use to tell students apart on paper —
 * the letter with the first two digits and the last three — `A123456789` → `A12****789`.
 */
export function maskNationalId(id: string | null | undefined): string {
  if (!id) return ''
  const text = id.trim()
  if (text.length >= 7) return `${text.slice(0, 3)}${'*'.repeat(text.length - 6)}${text.slice(-3)}`
  return `${text.slice(0, 1)}${'*'.repeat(Math.max(0, text.length - 1))}`
}

/** The line every workbook states near its top, so a reader knows what it holds. */
export function nationalIdNotice(hasColumn: boolean, full: boolean): string {
  if (!hasColumn) return '本檔不含身分證號。'
  return full
    ? '身分證號：完整顯示（匯出時勾選「包含完整身分證號」）。本檔含個人資料，請妥善保管，勿外流。'
    : '身分證號：已遮蔽（如 A12****789）。'
}
