/**
 * National IDs are personal data and are masked wherever they are shown:
 * 'A123456789' → 'A12****789'. A short or odd value keeps only its first character.
 */
export function maskNationalId(id: string | null): string | null {
  if (!id) return null
  if (id.length < 8) return id[0] + '*'.repeat(id.length - 1)
  return id.slice(0, 3) + '*'.repeat(id.length - 6) + id.slice(-3)
}
