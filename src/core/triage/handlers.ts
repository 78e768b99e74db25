import type { handEntryCalls } from '../../shared/contract/handEntry'
import type { triageCalls } from '../../shared/contract/triage'
import type { HandlersOf } from '../context'
import { replyFiller } from '../replies/fill'
import { requireOperator, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { applyDecision, decisionLabel } from './decide'
import { undoable } from './step'
import { loadTargets } from './targets'
import { TRANSITIONS } from './transitions'
import { itemDetail } from './detail'
import { enterByHand, handEntryLabel } from './handEntry'
import { lastStep, undoLastStep } from './undo'

export const triageHandlers: HandlersOf<typeof triageCalls & typeof handEntryCalls> = {
  'triage.workflow': async () => ({ transitions: [...TRANSITIONS] }),
  'triage.item': async ({ id }, { db, clock }) => itemDetail(db, id, nowStamp(clock)),

  'triage.decide': undoable(decisionLabel, (step, input) => applyDecision(step, input)),

  'triage.reply': undoable(
    (input) => (input.reply ? '修改答覆' : '清除答覆'),
    async (step, { target, reply }, ctx) => {
      // Each item's own placeholders ({姓名}, {學期}…) filled: core/replies/fill.ts.
      const fill = await replyFiller(step.trx, ownerOf(ctx), reply)
      for (const item of await loadTargets(step.trx, target, step.at)) await step.change(item, { reply: fill(item) || null })
    },
  ),

  'triage.note': undoable(
    () => '新增備註',
    async (step, { target, body }) => {
      // A note adds to the item and changes none of it: a reply saved a moment before (the
      // window not yet refreshed) or a colleague's change does not refuse it.
      for (const item of await loadTargets(step.trx, target, step.at, { anyVersion: true })) await step.note(item, body)
    },
  ),

  'triage.enterByHand': undoable(handEntryLabel, enterByHand),

  'triage.lastStep': async (_input, ctx) => lastStep(ctx.db, await requireOperator(ctx.db, ownerOf(ctx))),
  'triage.undo': async (_input, ctx) => undoLastStep(ctx),
}
