import { AppError } from '../../errors'
import { describeTarget, type ServerTarget } from './target'

/** node-postgres errors carry the server's SQLSTATE in `code`; socket errors carry Node's code. */
interface PgLikeError {
  code?: string
  message?: string
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])

/** Whether the server could not be reached (or went away): the banner's case, not a bad request. */
export function isConnectionLost(error: unknown): boolean {
  const e = error as PgLikeError
  if (e?.code && CONNECTION_CODES.has(e.code)) return true
  if (e?.code && /^(08|57P0)/.test(e.code)) return true // connection exception, admin shutdown
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e?.message ?? '')
}

/**
 * What went wrong with the server, in zh-TW for the clerk or IT: unreachable, wrong password,
 * no such database or role, TLS refused. Null when the error is not about the connection.
 */
export function connectionProblem(error: unknown, target: ServerTarget): AppError | null {
  const e = error as PgLikeError
  const where = `${target.host}:${target.port}`
  const say = (code: string, message: string) => new AppError(code, message, { target: describeTarget(target), cause: e?.code ?? null })
  switch (e?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say('db-server-unreachable', `找不到伺服器「${target.host}」：請確認主機名稱，或這台電腦的網路。`)
    case 'ECONNREFUSED':
      return say('db-server-unreachable', `無法連線到伺服器 ${where}：伺服器沒有回應這個連接埠。請確認主機、連接埠，以及伺服器是否已啟動。`)
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return say('db-server-unreachable', `無法連線到伺服器 ${where}：連線逾時。請確認網路與防火牆。`)
    case '28P01':
      return say('db-wrong-password', `伺服器拒絕登入：帳號「${target.user}」的密碼不正確。`)
    case '28000':
      if (!target.tls && /no encryption|SSL off/i.test(e.message ?? '')) {
        return say('db-tls-required', `伺服器 ${where} 只接受加密連線：請勾選「使用加密連線（TLS）」後再試。`)
      }
      return /no pg_hba.conf entry|rejects connection/.test(e.message ?? '')
        ? say('db-not-allowed', `伺服器不允許這台電腦以帳號「${target.user}」連線${target.tls ? '' : '（或要求加密連線 TLS）'}。請資訊組在伺服器的 pg_hba.conf 加入這台電腦。`)
        : say('db-wrong-password', `伺服器拒絕登入：帳號「${target.user}」無法登入。`)
    case '3D000':
      return say('db-missing', `伺服器上沒有資料庫「${target.database}」。請資訊組先建立它（見說明文件）。`)
  }
  // The server asks for a password and this PC has none (not typed, not remembered): pg gives up.
  if (/client password must be a (non-empty )?string/i.test(e?.message ?? '')) {
    return say('db-password-required', `伺服器要求帳號「${target.user}」的密碼：請到「設定 → 資料庫」輸入密碼後，再按「改用學校伺服器」。`)
  }
  if (/does not support SSL|SSL off|server does not support SSL/i.test(e?.message ?? '')) {
    return say('db-tls-refused', `伺服器 ${where} 不接受加密連線（TLS）。請資訊組開啟伺服器的 TLS，或在設定中關閉 TLS。`)
  }
  if (/self[- ]signed|certificate|SSL/i.test(e?.message ?? '')) {
    return say('db-tls-failed', `與伺服器 ${where} 建立加密連線（TLS）失敗：${e?.message}`)
  }
  if (isConnectionLost(error)) {
    return say('db-server-unreachable', `與伺服器 ${where} 的連線中斷。這次的變更沒有寫入；請確認網路後再試一次。`)
  }
  return null
}
