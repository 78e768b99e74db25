import type { queueCalls } from '../../shared/contract/queue'
import type { HandlersOf } from '../context'
import { nowStamp } from '../time'
import { queueEnv } from './env'
import { facetCube, narrowsBeyondCube, queueFacets, totalOf } from './facets'
import { queueCount, queuePage } from './list'

export const queueHandlers: HandlersOf<typeof queueCalls> = {
  'queue.list': async (input, { db, clock }) => {
    const env = await queueEnv(db, nowStamp(clock), input.filter.search)
    // The total comes from the facet cube when the DB keeps it ready (no search or class filter).
    const total = narrowsBeyondCube(input.filter)
      ? queueCount(db, input.filter, env)
      : facetCube(db, input.filter, env).then((cube) => totalOf(cube, input.filter, env))
    const [rows, count] = await Promise.all([queuePage(db, input, env), total])
    return { rows, total: count, offset: input.offset, now: env.now }
  },
  'queue.facets': async ({ filter }, { db, clock }) => {
    const env = await queueEnv(db, nowStamp(clock), filter.search)
    const any = await db.selectFrom('report_items').select('id').limit(1).executeTakeFirst()
    return { ...(await queueFacets(db, filter, env)), anyItems: any !== undefined }
  },
}
