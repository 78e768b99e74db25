import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'

export function QueuePage() {
  return (
    <>
      <PageHeader title="回報處理" />
      <EmptyState title="還沒有錯誤回報">
        到<a href={hrefOf('import')}>「匯入」</a>載入收訖確認結果後，學生回報的每一項錯誤會列在這裡。
      </EmptyState>
    </>
  )
}
