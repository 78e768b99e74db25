// node bench/import/bareExceljsRead.cjs FILE.xlsx
//
// The whole-process baseline of issue 13: a plain `node` reading every cell of the workbook with
// exceljs's streaming WorkbookReader (the same options and the same per-row work as the in-process
// `bare-xlsx` case of cases.ts), nothing transpiled. Prints one JSON line: rows and cells read.
'use strict'
const { createReadStream } = require('node:fs')
const ExcelJS = require('exceljs')

async function main(file) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  })
  let rows = 0
  let cells = 0
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows += 1
      cells += row.values.length
    }
  }
  console.log(JSON.stringify({ rows, cells }))
}

main(process.argv[2]).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
