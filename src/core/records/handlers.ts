import type { recordsCalls } from '../../shared/contract/records'
import type { HandlersOf } from '../context'
import { studentRecords } from './list'

export const recordsHandlers: HandlersOf<typeof recordsCalls> = {
  'records.list': async (input, { db }) => studentRecords(db, input),
}
