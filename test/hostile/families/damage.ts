import type { CaseMaker } from '../corpus'

// Damage to the bytes as they are on disk: a download cut short, a disk or a transfer that
// overwrote some bytes. A workbook's CRC catches most of it; a text file has no CRC at all.

export const truncatedCases: CaseMaker = (bases, rng) =>
  bases.flatMap((base) => {
    const n = base.bytes.length
    const cuts = new Set([1, 2, 4, 22, 30, Math.floor(n / 2), n - 22, n - 1])
    while (cuts.size < 15) cuts.add(rng.int(5, n - 2))
    return [...cuts].sort((a, b) => a - b).map((cut) => ({
      id: `${base.key}/cut-${cut}`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => new Uint8Array(base.bytes.subarray(0, cut)),
    }))
  })

export const flippedCases: CaseMaker = (bases, rng) =>
  bases.flatMap((base) => {
    const n = base.bytes.length
    const plans: { what: string; edits: [number, number[]][] }[] = []
    for (const count of [1, 1, 1, 1, 2, 2, 4, 4, 8, 8, 16, 32, 64, 256, 1024]) {
      const edits: [number, number[]][] = []
      for (let i = 0; i < count; i++) edits.push([rng.int(0, n - 1), [rng.int(0, 255)]])
      plans.push({ what: `flip-${count}`, edits })
    }
    for (const length of [2, 8, 16, 64, 128, 512, 1024, 4096, 16_384, 65_536]) {
      const at = rng.int(0, Math.max(0, n - length))
      plans.push({ what: `burst-${length}`, edits: [[at, Array.from({ length: Math.min(length, n - at) }, () => rng.int(0, 255))]] })
    }
    return plans.map(({ what, edits }, i) => ({
      id: `${base.key}/${what}-${i}`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => {
        const damaged = new Uint8Array(base.bytes)
        for (const [at, values] of edits) damaged.set(values, at)
        return damaged
      },
    }))
  })
