// National IDs are personal data (DESIGN.md §3): every screen, message, log and export that does
// not explicitly ask for them whole shows them through this one rule.

/**
 * 'A123456789' → 'A12****789': the first three and last three characters, a star for each one
 * between, whatever the length (a resident certificate number the same way); never more than six
 * characters show. A value too short to keep both ends (under 8 characters: a typo, a cut cell)
 * keeps only its first character, and one of one or two characters shows none. Blanks mask to ''.
 */
export function maskNationalId(id: string | null | undefined): string {
  const value = id?.trim().toUpperCase() ?? ''
  if (!value) return ''
  if (value.length <= 2) return '*'.repeat(value.length)
  if (value.length < 8) return value[0] + '*'.repeat(value.length - 1)
  return value.slice(0, 3) + '*'.repeat(value.length - 6) + value.slice(-3)
}

/** A national ID (or resident certificate number) standing alone inside a text. */
const ID_IN_TEXT = /(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9][0-9]{8}(?![A-Za-z0-9])/g

/**
 * A text that quotes what a file holds (a cell read wrongly, a row's label) with every national
 * ID in it masked: whatever column the user mapped, no message shows or stores one whole.
 */
export const maskNationalIdsIn = (text: string) => text.replace(ID_IN_TEXT, (id) => maskNationalId(id))
