import { useQueryClient } from '@tanstack/react-query'
import { useState, type DragEvent, type ReactNode } from 'react'
import { uploadFiles } from './upload'

/** The whole area takes dropped files (several at once); the button inside opens the native dialog. */
export function DropZone({ children, onErrors }: { children: ReactNode; onErrors: (errors: string[]) => void }) {
  const [over, setOver] = useState(false)
  const client = useQueryClient()
  const onDrop = async (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    const files = [...event.dataTransfer.files]
    if (!files.length) return
    onErrors(await uploadFiles(files))
    void client.invalidateQueries()
  }
  return (
    <section
      className={over ? 'drop-zone drop-over' : 'drop-zone'}
      aria-label="拖放檔案到這裡匯入"
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
    </section>
  )
}
