// Preloaded into every node process of a whole-process run (NODE_OPTIONS=--require …): at exit
// each appends its script and its peak RSS (MB) to the file RECEIPT_DESK_BENCH_RSS names, so the
// bench can tell the CLI's peak from npm's. Nothing else is changed in the process.
'use strict'
const { appendFileSync } = require('node:fs')

const out = process.env.RECEIPT_DESK_BENCH_RSS
if (out) {
  process.on('exit', () => {
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    appendFileSync(out, `${JSON.stringify({ script: process.argv[1] ?? '', maxRssMb })}\n`)
  })
}
