import type { ColumnMapping } from '../../shared/contract/import'
import { IMPORT_SHAPES, type ImportShape } from '../../shared/domain'
import type { FileKind } from '../../shared/domain'
import { normHeader, SHAPES, type ShapeSpec } from './headers'
import type { RawRow } from './reader'
import { cellText } from './values/cells'

// Finds the header row of a sheet by its column names (wherever it sits among title and
// blank rows), decides what the sheet holds and which column fills which field.

/** How many rows from the top may precede the header. */
export const HEADER_SCAN_ROWS = 30

/**
 * A row naming more columns than this is no header: no table the importer knows has a tenth
 * as many, and looking at 30 rows of Excel's 16,384 columns each would hold the window.
 */
const MAX_HEADER_COLUMNS = 1000

/** A mapping someone made before, keyed by the header signature. */
export interface SavedMapping {
  fileKind: FileKind
  /** Header key (see `headerKeys`) → field, or null for a column kept aside. */
  mapping: Record<string, string | null>
}

export interface Recognition {
  /** Index of the header in the rows given. */
  headerIndex: number
  headerRow: number
  headers: string[]
  shape: ImportShape
  columns: ColumnMapping[]
  score: number
}

/** What the user chose for a sheet: the header row, the shape and some columns' fields. */
export interface SheetOverride {
  headerRow?: number
  shape?: ImportShape
  fields?: Record<number, string | null>
}

export const headersOf = (row: RawRow) => row.cells.map((c) => cellText(c).trim())

/** Keys that tell columns apart, even two columns with the same header (備註, 備註#2). */
export function headerKeys(headers: string[]): string[] {
  const seen = new Map<string, number>()
  return headers.map((h) => {
    const key = normHeader(h)
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return n === 1 ? key : `${key}#${n}`
  })
}

/** The identity of a table's layout: its headers, normalised and sorted. */
export function headerSignature(headers: string[]): string {
  return headerKeys(headers).filter((k) => k !== '' && !k.startsWith('#')).sort().join('|')
}

/** Each normalised header → the columns that carry it, left to right. */
export function columnsByKey(headers: string[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>()
  headers.forEach((header, index) => {
    const key = normHeader(header)
    const columns = byKey.get(key)
    if (columns) columns.push(index)
    else byKey.set(key, [index])
  })
  return byKey
}

/** Columns → fields by known names; each field takes the column of its most preferred name. */
export function mapByAliases(spec: ShapeSpec, headers: string[], byKey = columnsByKey(headers)): (string | null)[] {
  const fields: (string | null)[] = headers.map(() => null)
  for (const field of spec.fields) {
    for (const alias of field.aliases) {
      const index = byKey.get(normHeader(alias))?.find((i) => fields[i] === null)
      if (index !== undefined) {
        fields[index] = field.field
        break
      }
    }
  }
  return fields
}

/** Required fields (labels) that no column fills. */
export function missingFields(spec: ShapeSpec, fields: (string | null)[]): string[] {
  const present = new Set(fields.filter((f): f is string => f !== null))
  const missing = spec.fields.filter((f) => f.required && !present.has(f.field)).map((f) => f.label)
  for (const group of spec.requiredAnyOf ?? []) {
    if (!group.some((g) => present.has(g))) {
      missing.push(group.map((g) => spec.fields.find((f) => f.field === g)?.label ?? g).join('或'))
    }
  }
  return missing
}

function shapeOfSaved(saved: SavedMapping): ImportShape | null {
  if (saved.fileKind !== 'confirmation') return saved.fileKind
  return Object.values(saved.mapping).includes('errorType') ? 'confirmationLong' : 'confirmationWide'
}

function toColumns(headers: string[], fields: (string | null)[], origin: ColumnMapping['origin']): ColumnMapping[] {
  return headers.map((header, index) => ({
    index,
    header,
    field: fields[index],
    origin: fields[index] === null ? 'none' : origin,
  }))
}

function score(spec: ShapeSpec, fields: (string | null)[], sheetName: string, fileName: string): number {
  if (missingFields(spec, fields).length > 0) return -Infinity
  const present = new Set(fields.filter(Boolean))
  if (spec.distinctive && !spec.distinctive.some((d) => present.has(d))) return -Infinity
  return present.size + (spec.nameScore?.(sheetName, fileName) ?? 0)
}

/**
 * The best header row and shape among the top rows. A mapping saved for a row's exact
 * headers wins; otherwise the shape whose known columns match most, all required ones present.
 */
export function recogniseSheet(
  rows: RawRow[],
  names: { sheetName: string; fileName: string },
  saved: Map<string, SavedMapping>,
  forcedShape?: ImportShape,
): Recognition | null {
  let best: Recognition | null = null
  const consider = (candidate: Recognition) => {
    if (!best || candidate.score > best.score) best = candidate
  }
  rows.slice(0, HEADER_SCAN_ROWS).forEach((row, headerIndex) => {
    const headers = headersOf(row)
    const named = headers.filter(Boolean).length
    if (named < 2 || named > MAX_HEADER_COLUMNS) return
    const remembered = saved.get(headerSignature(headers))
    const rememberedShape = remembered ? shapeOfSaved(remembered) : null
    if (remembered && rememberedShape && (!forcedShape || forcedShape === rememberedShape)) {
      const keys = headerKeys(headers)
      const fields = keys.map((k) => remembered.mapping[k] ?? null)
      consider({ headerIndex, headerRow: row.row, headers, shape: rememberedShape, columns: toColumns(headers, fields, 'saved'), score: 1000 })
      return
    }
    // Indexed once for every shape tried: a row may be 16,384 columns wide.
    const byKey = columnsByKey(headers)
    for (const shape of forcedShape ? [forcedShape] : IMPORT_SHAPES) {
      const spec = SHAPES[shape]
      const fields = mapByAliases(spec, headers, byKey)
      const s = score(spec, fields, names.sheetName, names.fileName)
      if (s === -Infinity) continue
      consider({ headerIndex, headerRow: row.row, headers, shape, columns: toColumns(headers, fields, 'alias'), score: s })
    }
  })
  return best
}

/** For a sheet nothing recognises: the row most likely to be its header, to map by hand. */
export function guessHeader(rows: RawRow[]): { headerIndex: number; headers: string[] } | null {
  let best: { headerIndex: number; headers: string[]; filled: number } | null = null
  rows.slice(0, HEADER_SCAN_ROWS).forEach((row, headerIndex) => {
    const filled = row.cells.filter((c) => typeof c === 'string' && c.trim() !== '').length
    if (filled >= 2 && filled <= MAX_HEADER_COLUMNS && (!best || filled > best.filled)) best = { headerIndex, headers: headersOf(row), filled }
  })
  return best
}

/** Applies what the user chose on top of the recognised (or guessed) columns. */
export function applyOverride(
  headers: string[],
  base: ColumnMapping[] | null,
  override: Record<number, string | null>,
): ColumnMapping[] {
  const chosen = new Set(Object.values(override).filter((f): f is string => f !== null))
  return headers.map((header, index) => {
    const before = base?.[index] ?? { index, header, field: null, origin: 'none' as const }
    if (index in override) return { index, header, field: override[index], origin: 'user' }
    // A field the user gave to another column is no longer this one's.
    if (before.field !== null && chosen.has(before.field)) return { ...before, field: null, origin: 'none' }
    return before
  })
}

/** The mapping to remember for these headers: header key → field. */
export function mappingToSave(columns: ColumnMapping[]): Record<string, string | null> {
  const keys = headerKeys(columns.map((c) => c.header))
  return Object.fromEntries(columns.flatMap((c, i) => (keys[i] ? [[keys[i], c.field]] : [])))
}
