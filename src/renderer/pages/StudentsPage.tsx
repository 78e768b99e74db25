import { useEffect, useState } from 'react'
import { useCallQuery } from '../api'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'
import { StudentDetailView } from './students/StudentDetailView'
import { StudentSearch } from './students/StudentSearch'
import { studentHref, studentIdFromHash } from './students/studentHref'
import './students/students.css'

/** The student in the address (`#/students?id=42`), so that other pages can link here. */
function useStudentIdInHash(): number | null {
  const [id, setId] = useState(() => studentIdFromHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setId(studentIdFromHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return id
}

export function StudentsPage() {
  const id = useStudentIdInHash()
  const count = useCallQuery('students.count', {})
  const noStudents = count.data?.students === 0
  return (
    <>
      <PageHeader title="學生查詢" />
      {noStudents ? (
        <EmptyState title="還沒有學生資料">
          到<a href={hrefOf('import')}>「匯入」</a>載入學生名冊後，即可依學號、姓名、班級座號或身分證號查詢。
        </EmptyState>
      ) : (
        <div className="students-layout">
          <StudentSearch selectedId={id} onSelect={(next) => (window.location.hash = studentHref(next))} />
          {id ? (
            <StudentDetailView key={id} id={id} />
          ) : (
            <p className="hint students-placeholder">在左邊輸入查詢，選一位學生後，這裡會顯示他的收訖確認狀態與錯誤回報。</p>
          )}
        </div>
      )}
    </>
  )
}
