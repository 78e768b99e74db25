import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'

export function DashboardPage() {
  return (
    <>
      <PageHeader title="總覽" />
      <EmptyState title="尚無資料">
        請先到<a href={hrefOf('settings')}>「設定」</a>填寫您的姓名與組別，再到<a href={hrefOf('import')}>「匯入」</a>載入學生名冊與收訖確認結果。
      </EmptyState>
    </>
  )
}
