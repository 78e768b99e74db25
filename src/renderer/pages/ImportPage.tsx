import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

export function ImportPage() {
  return (
    <>
      <PageHeader title="匯入" />
      <EmptyState title="匯入功能建置中">請先以命令列匯入檔案。</EmptyState>
    </>
  )
}
