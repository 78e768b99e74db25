import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ZipArchive } from '../../../src/core/import/zip'
import { libreOffice } from './helpers'

// What a clerk does to a cell: click into it and press Enter. LibreOffice, headless, does that
// to every text cell that starts like a formula — typing the cell's text back in through the
// same command the keyboard uses (.uno:EnterString), so the cell's format and quote prefix
// decide, as they would for the clerk, whether it becomes a formula — and saves a copy.

const FORMULA_START = ['=', '+', '-', '@', '＝', '＋', '－', '＠'].map((c) => `Chr(${c.codePointAt(0)})`).join(', ')

// A Basic error would open a dialog nobody can close: the macro writes it to a file instead.
const MODULE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Edit" script:language="StarBasic">
Sub EditFormulaLikeCells(files As String, statusFile As String)
  On Error GoTo Failed
  Dim starts As Variant
  starts = Array(${FORMULA_START})
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = &quot;Hidden&quot;
  hidden(0).Value = True
  Dim typed(0) As New com.sun.star.beans.PropertyValue
  typed(0).Name = &quot;StringName&quot;
  Dim xlsx(0) As New com.sun.star.beans.PropertyValue
  xlsx(0).Name = &quot;FilterName&quot;
  xlsx(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  paths = Split(files, &quot;|&quot;)
  For p = 0 To UBound(paths)
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(paths(p)), &quot;_blank&quot;, 0, hidden())
    ctrl = doc.getCurrentController()
    For s = 0 To doc.Sheets.getCount() - 1
      sheet = doc.Sheets.getByIndex(s)
      ctrl.setActiveSheet(sheet)
      cursor = sheet.createCursor()
      cursor.gotoEndOfUsedArea(False)
      For r = 0 To cursor.RangeAddress.EndRow
        For c = 0 To cursor.RangeAddress.EndColumn
          cell = sheet.getCellByPosition(c, r)
          If cell.getType() = com.sun.star.table.CellContentType.TEXT Then
            shown = cell.getString()
            For i = 0 To UBound(starts)
              If Left(shown, 1) = starts(i) Then
                ctrl.select(cell)
                typed(0).Value = shown
                dispatcher.executeDispatch(ctrl.getFrame(), &quot;.uno:EnterString&quot;, &quot;&quot;, 0, typed())
              End If
            Next i
          End If
        Next c
      Next r
    Next s
    doc.calculateAll()
    doc.storeToURL(ConvertToURL(paths(p)), xlsx())
    REM close(True) crashes LibreOffice 7.4 on exit after this edit of the work list; dispose does
    REM not (it leaves the lock file, which the caller removes).
    doc.dispose()
  Next p
  status = &quot;ok&quot;
  GoTo Report
Failed:
  status = &quot;line &quot; &amp; Erl &amp; &quot;: &quot; &amp; Error$
Report:
  n = FreeFile()
  Open statusFile For Output As #n
  Print #n, status
  Close #n
End Sub
</script:module>`

/** The user's Standard library, listing the module. */
const LIBRARY = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Edit"/>
</library:library>`

/** Edits a copy of each workbook (in `outDir`) as above and returns the copies' paths. */
export function editFormulaLikeCells(files: string[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true })
  const copies = files.map((f) => join(outDir, basename(f)))
  files.forEach((f, i) => copyFileSync(f, copies[i]))
  const status = join(outDir, 'macro-status.txt')
  try {
    libreOffice([`macro:///Standard.Edit.EditFormulaLikeCells("${copies.join('|')}","${status}")`], null, (profile) => {
      const standard = join(profile, 'user', 'basic', 'Standard')
      writeFileSync(join(standard, 'script.xlb'), LIBRARY)
      writeFileSync(join(standard, 'Edit.xba'), MODULE)
    })
  } catch (error) {
    // Under load LibreOffice 7.4 sometimes fails on its way out, after the macro has done and
    // said so; without the macro's word, it failed.
    if (!existsSync(status)) throw error
  }
  for (const name of readdirSync(outDir)) if (name.startsWith('.~lock.')) rmSync(join(outDir, name))
  const said = existsSync(status) ? readFileSync(status, 'utf8').trim() : 'no word from the macro'
  if (said !== 'ok') throw new Error(`LibreOffice macro: ${said}`)
  return copies
}

/**
 * The cells of each sheet (in workbook order) whose style is quote-prefixed, read from the
 * file's XML: exceljs's reader does not read quotePrefix.
 */
export async function quotePrefixedCells(bytes: Uint8Array): Promise<Set<string>[]> {
  const zip = new ZipArchive(bytes)
  const parts = new Map<string, string>()
  for (const name of [...zip.entries.values()].map((e) => e.name).filter((n) => /^xl\/(styles|worksheets\/sheet\d+)\.xml$/.test(n))) {
    const chunks: Buffer[] = []
    for await (const chunk of zip.stream(zip.get(name)!, 64 * 1024 * 1024)) chunks.push(chunk)
    parts.set(name, Buffer.concat(chunks).toString('utf8'))
  }
  const part = (name: string) => parts.get(name)!
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(part('xl/styles.xml'))![1]
  const quoted = [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((m) => /\bquotePrefix="(1|true)"/.test(m[0]))
  const sheets: Set<string>[] = []
  for (let i = 1; zip.get(`xl/worksheets/sheet${i}.xml`); i++) {
    const cells = new Set<string>()
    for (const m of part(`xl/worksheets/sheet${i}.xml`).matchAll(/<c r="([A-Z]+\d+)"([^>]*)>/g)) {
      const style = /\bs="(\d+)"/.exec(m[2])
      if (style && quoted[Number(style[1])]) cells.add(m[1])
    }
    sheets.push(cells)
  }
  return sheets
}
