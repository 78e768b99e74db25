// Preloaded into every node process of a whole-process run (NODE_OPTIONS=--require …): at exit
// each appends its script, its peak RSS (MB) and its CPU time (user + system, every thread, ms) to
// the file RECEIPT_DESK_BENCH_RSS names, so the bench can tell the CLI's from npm's. Nothing else is
// changed in the process.
'use strict'
const { appendFileSync } = require('node:fs')
const { isMainThread } = require('node:worker_threads')

const out = process.env.RECEIPT_DESK_BENCH_RSS
// Preloaded into the CLI's worker thread too, whose figures would be the whole process's again.
if (out && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)
    appendFileSync(out, `${JSON.stringify({ script: process.argv[1] ?? '', maxRssMb: Math.round(usage.maxRSS / 1024), cpuMs })}\n`)
  })
}
