import { toTaipeiTimestamp } from '../shared/dates'

/** Where core reads the time; tests pass a fixed one. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

export const nowStamp = (clock: Clock) => toTaipeiTimestamp(clock())
