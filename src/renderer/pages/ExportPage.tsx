import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

export function ExportPage() {
  return (
    <>
      <PageHeader title="匯出" />
      <EmptyState title="匯出功能建置中">請先以命令列匯出 Excel 檔。</EmptyState>
    </>
  )
}
