import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'

export function StudentsPage() {
  return (
    <>
      <PageHeader title="學生查詢" />
      <EmptyState title="還沒有學生資料">
        到<a href={hrefOf('import')}>「匯入」</a>載入學生名冊後，即可依學號、姓名或班級座號查詢。
      </EmptyState>
    </>
  )
}
