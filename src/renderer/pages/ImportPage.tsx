import { useState } from 'react'
import { useCallMutation, useCallQuery } from '../api'
import { EmptyState } from '../components/EmptyState'
import { Notice } from '../components/Notice'
import { PageHeader } from '../components/PageHeader'
import { BatchList } from './import/BatchList'
import { BulkImport } from './import/BulkImport'
import { DropZone } from './import/DropZone'
import { StagedCard } from './import/StagedCard'
import './import/import.css'

export function ImportPage() {
  const staged = useCallQuery('import.staged', {}, {
    staleTime: 0,
    // While files wait for 「全部匯入」 or are being worked on, their cards follow along.
    refetchInterval: (query) => (query.state.data?.some((f) => f.status === 'queued' || f.status === 'importing') ? 400 : false),
  })
  const pick = useCallMutation('import.pickFiles')
  const onServer = useCallQuery('database.status', {}).data?.kind === 'server'
  const [dropErrors, setDropErrors] = useState<string[]>([])
  const files = staged.data ?? []
  return (
    <>
      <PageHeader title="匯入" />
      <DropZone onErrors={setDropErrors}>
        <div className="drop-text">
          <strong>把檔案拖到這裡</strong>
          <span>或</span>
          <button className="primary" onClick={() => pick.mutate({})} disabled={pick.isPending}>選擇檔案…</button>
        </div>
        <div className="hint">
          可一次放入多個 xlsx 或 csv（UTF-8 或 Big5）：學生名冊、收訖確認結果、錯誤回報清單、修課紀錄、幹部經歷、多元表現、課程學習成果。
          每個檔案會先分析，確認無誤後再按「匯入」，或按「全部匯入」依序匯入；
          {onServer
            ? '最近一次匯入，可由匯入的人在下方「匯入紀錄」復原（伺服器的備份由資訊組負責）。'
            : '匯入會變更資料時，會先自動備份（保留最近 10 份，可在「設定」還原）。'}
        </div>
      </DropZone>
      {pick.error && <Notice tone="error">{pick.error.message}</Notice>}
      {dropErrors.map((message) => <Notice key={message} tone="error">{message}</Notice>)}
      {staged.error && <Notice tone="error">{staged.error.message}</Notice>}

      {files.length === 0 ? (
        <EmptyState title="尚未選擇要匯入的檔案">
          建議先匯入<strong>學生名冊</strong>（學號與身分證號的對照），再匯入收訖確認結果與各類紀錄；
          名冊中沒有的學生，其資料列會被略過並列出原因。
        </EmptyState>
      ) : (
        <div className="staged-list">
          <BulkImport files={files} />
          {files.map((file) => <StagedCard key={file.id} file={file} />)}
        </div>
      )}
      <BatchList />
    </>
  )
}
