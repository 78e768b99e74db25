import { useCallQuery } from '../../../api'
import type { useQueueActions } from '../useQueueActions'
import { CheatSheet } from './CheatSheet'
import { HandEntryDialog } from './HandEntryDialog'
import { NoChangeDialog } from './NoChangeDialog'
import { ReplyDialog } from './ReplyDialog'
import { ResubmitDialog } from './ResubmitDialog'
import { TextDialog } from './TextDialog'

/** The queue's open dialog, if any. */
export function QueueDialogs({ actions: a, activeId, now }: {
  actions: ReturnType<typeof useQueueActions>
  activeId: number | undefined
  now: string | null
}) {
  const dialog = a.dialog
  // The active item's report, to pick what a duplicate repeats; its section, whose reply templates to offer.
  const detail = useCallQuery('triage.item', { id: activeId ?? 0 },
    { enabled: (dialog?.type === 'noChange' || dialog?.type === 'reply') && activeId !== undefined })
  const settings = useCallQuery('settings.get', {}, { enabled: dialog?.type === 'reply' })
  const close = () => a.setDialog(null)
  if (!dialog) return null
  switch (dialog.type) {
    case 'help':
      return <CheatSheet onClose={close} />
    case 'noChange':
      return (
        <NoChangeDialog count={dialog.count} report={(detail.data?.report ?? []).filter((r) => r.id !== activeId)}
          onConfirm={a.confirm.noChange} onClose={close} />
      )
    case 'resubmit':
      return <ResubmitDialog count={dialog.count} now={now} onConfirm={a.confirm.resubmit} onClose={close} />
    case 'reply':
      return (
        <ReplyDialog count={dialog.count} initial={dialog.initial} onConfirm={a.confirm.reply} onClose={close}
          section={settings.data?.section ?? detail.data?.item.section ?? null}
          previewIds={'items' in dialog.target ? dialog.target.items.slice(0, 3).map((i) => i.id) : activeId ? [activeId] : []} />
      )
    case 'dispute':
      return (
        <TextDialog title={`學生提出疑義，重新開啟（${dialog.count} 筆）`} label="學生的疑義（何時、如何反映、內容）" required
          onConfirm={a.confirm.dispute} onClose={close}
          hint="學生複查開始至疑義反映截止前，已結案或免修正的回報可重新開啟為「仍有疑義」。疑義與操作者、時間記入變更紀錄。" />
      )
    case 'handEntry':
      return <HandEntryDialog onConfirm={a.confirm.handEntry} onClose={close} />
    case 'note':
      return (
        <TextDialog title={`新增備註（${dialog.count} 筆）`} label="內部備註" required onConfirm={a.confirm.note} onClose={close}
          hint="只有同事看得到。" />
      )
  }
}
