/**
 * Where a page (`offset`, `limit`) falls over groups of items counted in order (the classes of a
 * class-sorted page, the sort-key tuples of a cube-placed one): each group the page reaches, with
 * how many of its items to skip and to take. Groups wholly before or after the page are left out.
 */
export function* pageWindow<G extends { n: number }>(groups: Iterable<G>, offset: number, limit: number): Generator<{ group: G; skip: number; take: number }> {
  let taken = 0
  let before = 0 // matching items in the groups already passed
  for (const group of groups) {
    if (taken >= limit) return
    if (before + group.n > offset) {
      const skip = Math.max(0, offset - before)
      const take = Math.min(limit - taken, group.n - skip)
      yield { group, skip, take }
      taken += take
    }
    before += group.n
  }
}
