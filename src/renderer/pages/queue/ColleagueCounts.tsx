import { useCallQuery } from '../../api'

/** 「今日處理」: how many items each colleague changed today, most first (refreshed with every change). */
export function ColleagueCounts() {
  const counts = useCallQuery('queue.colleaguesToday', {})
  if (!counts.data) return null
  return (
    <p className="colleague-counts" aria-label="今日處理">
      今日處理：
      {counts.data.length === 0 ? <span className="muted">還沒有人處理回報</span>
        : counts.data.map((c, i) => (
          <span key={c.operator} className="colleague-count">{i > 0 && '・'}{c.operator} <strong>{c.items.toLocaleString()}</strong> 筆</span>
        ))}
    </p>
  )
}
