import type { queueCalls } from '../../shared/contract/queue'
import type { HandlersOf } from '../context'
import { nowStamp } from '../time'
import { queueEnv } from './env'
import { queueFacets } from './facets'
import { queueCount, queuePage } from './list'

export const queueHandlers: HandlersOf<typeof queueCalls> = {
  'queue.list': async (input, { db, clock }) => {
    const env = await queueEnv(db)
    const [rows, total] = await Promise.all([queuePage(db, input, env), queueCount(db, input.filter, env)])
    return { rows, total, offset: input.offset, now: nowStamp(clock) }
  },
  'queue.facets': async ({ filter }, { db }) => {
    const env = await queueEnv(db)
    const any = await db.selectFrom('report_items').select('id').limit(1).executeTakeFirst()
    return { ...(await queueFacets(db, filter, env)), anyItems: any !== undefined }
  },
}
