import type { deskCalls } from '../../shared/contract/desk'
import type { queueCalls } from '../../shared/contract/queue'
import type { HandlersOf } from '../context'
import { nowStamp } from '../time'
import { colleaguesToday, savedView, saveView } from './desk'
import { facetCube, queueFacets, totalOf } from './facets'
import { keptCubeServes } from './filters'
import { withQueueEnv } from './keptEnv'
import { queueCount, queuePage, searchPageCounted } from './list'
import { readQueue } from './reader'

export const queueHandlers: HandlersOf<typeof queueCalls & typeof deskCalls> = {
  'queue.list': async (input, ctx) =>
    readQueue(ctx, (reader) => withQueueEnv(ctx.store, reader, nowStamp(ctx.clock), input.filter.search, async (env) => {
      // The total comes from the kept cube when it serves the filter (no search, no deadline),
      // and so may the place of the page's window.
      // The page's ids go out with the cube or the count, unless the cube places the page's window.
      const counted = await searchPageCounted(reader, input, env)
      if (counted) return { ...counted, offset: input.offset, now: env.now }
      const cube = keptCubeServes(input.filter, env) ? facetCube(reader, input.filter, env) : null
      const [total, rows] = await Promise.all([
        cube ? cube.then((c) => totalOf(c, input.filter, env)) : queueCount(reader, input.filter, env),
        queuePage(reader, input, env, cube),
      ])
      return { rows, total, offset: input.offset, now: env.now }
    })),
  'queue.facets': async ({ filter }, ctx) =>
    readQueue(ctx, (reader) => withQueueEnv(ctx.store, reader, nowStamp(ctx.clock), filter.search, async (env) => {
      const [facets, any] = await Promise.all([
        queueFacets(reader, filter, env),
        // By the primary key: a server's sequential scan first crossed the pages that rewritten rows
        // left empty (1,283 pages, 0.6 ms, in the bench after the hints were worked out).
        reader.get(`SELECT id FROM report_items ORDER BY id LIMIT 1`),
      ])
      return { ...facets, anyItems: any !== undefined }
    })),
  'queue.savedView': async (_input, ctx) => savedView(ctx.db, ctx),
  'queue.saveView': async (view, ctx) => saveView(ctx, view),
  'queue.colleaguesToday': async (_input, ctx) => colleaguesToday(ctx.db, nowStamp(ctx.clock)),
}
