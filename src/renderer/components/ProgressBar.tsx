/** Determinate when the total is known, otherwise an indeterminate sweep. */
export function ProgressBar({ label, done, total }: { label: string; done: number; total: number | null }) {
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : null
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
      aria-valuenow={percent ?? undefined}>
      <div className="progress-label">
        <span>{label}</span>
        {percent !== null && <span>{percent}%</span>}
      </div>
      <div className="progress-track">
        <div className={percent === null ? 'progress-fill indeterminate' : 'progress-fill'}
          style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  )
}
