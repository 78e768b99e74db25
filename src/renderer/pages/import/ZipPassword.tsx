import { useState, type FormEvent } from 'react'
import type { StagedFile } from '../../../shared/contract/import'
import { useCallMutation } from '../../api'
import { Notice } from '../../components/Notice'

/**
 * A 收訖 zip with a password asks for it on its card (again after a wrong one). Core keeps the
 * password only while it opens the zip; the page forgets it once sent.
 */
export function ZipPassword({ file }: { file: StagedFile }) {
  const [password, setPassword] = useState('')
  const analyse = useCallMutation('import.analyse')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!password) return
    analyse.mutate({ stagedId: file.id, zipPassword: password })
    setPassword('')
  }
  return (
    <form className="zip-password" onSubmit={submit}>
      <label className="inline-field">
        壓縮檔密碼
        <input type="password" value={password} autoComplete="off" autoFocus aria-invalid={file.zipPassword === 'wrong'}
          onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button className="primary" type="submit" disabled={!password || analyse.isPending}>開啟</button>
      {analyse.error && <Notice tone="error">{analyse.error.message}</Notice>}
    </form>
  )
}
