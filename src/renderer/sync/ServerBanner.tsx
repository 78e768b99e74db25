import { hrefOf } from '../routes'

/**
 * Above every page while the school's server cannot be used: why, what it means for what is
 * on screen, and where to change it. Goes away by itself once the server answers again.
 */
export function ServerBanner({ problem }: { problem: string | null }) {
  if (!problem) return null
  return (
    <div className="server-banner" role="alert" data-testid="server-banner">
      無法連線到學校伺服器：{problem.replace(/[。.]\s*$/, '')}。畫面上的資料可能不是最新的，連線恢復後會自動更新；在此之前的變更不會寫入。
      <a href={hrefOf('settings')}>到「設定」檢查資料庫</a>
    </div>
  )
}
