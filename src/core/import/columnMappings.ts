import type { CoreContext } from '../context'
import { nowStamp } from '../time'
import { SHAPES } from './headers'
import { headerSignature, mappingToSave, type SavedMapping } from './recognise'
import type { Staged } from './staging'

// The column mappings users made, kept by the headers they were made for: a file with the
// same headers is read with them next time (column_mappings).

/** The column mappings users made, by the headers they were made for. */
export async function savedMappings(ctx: CoreContext): Promise<Map<string, SavedMapping>> {
  const rows = await ctx.db.selectFrom('column_mappings').selectAll().execute()
  return new Map(rows.map((r) => [r.header_signature, { fileKind: r.file_kind, mapping: JSON.parse(r.mapping) }]))
}

/** The whole mapping of each sheet the user changed, as the analysis applied it, keyed by its headers. */
export async function rememberMappings(ctx: CoreContext, staged: Staged, sheets: string[], operator: string | null) {
  for (const name of sheets) {
    const sheet = staged.analysis?.sheets.find((s) => s.name === name)
    if (!sheet?.shape || sheet.columns.length === 0) continue
    const row = {
      header_signature: headerSignature(sheet.headers),
      file_kind: SHAPES[sheet.shape].fileKind,
      mapping: JSON.stringify(mappingToSave(sheet.columns)),
      operator,
      updated_at: nowStamp(ctx.clock),
    }
    await ctx.db.insertInto('column_mappings').values(row)
      .onConflict((oc) => oc.column('header_signature').doUpdateSet({ file_kind: row.file_kind, mapping: row.mapping, operator, updated_at: row.updated_at }))
      .execute()
  }
}
