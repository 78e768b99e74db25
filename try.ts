import { readFileSync } from 'node:fs'
import { openFile } from './src/core/import/reader'
async function main() {
for (const path of process.argv.slice(2)) {
  const t0 = Date.now()
  const file = await openFile(new Uint8Array(readFileSync(path)), path.split('/').pop()!)
  let rows = 0
  const samples: unknown[] = []
  for await (const sheet of file.sheets) {
    for await (const row of sheet.rows) { rows++; if (samples.length < 2 && row.row > 4) samples.push([sheet.name, row]) }
  }
  console.log(path, file.format, file.encoding, rows, Date.now() - t0, 'ms', JSON.stringify(samples))
}
}
main()
