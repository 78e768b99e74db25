import type { DatabaseStatus, ServerConfig } from '../../../shared/contract/database'

/** The server form as typed: the port stays text until core checks it. */
export interface ServerFormState {
  host: string
  port: string
  database: string
  user: string
  password: string
  tls: boolean
  rememberPassword: boolean
}

export type ServerField = 'host' | 'port' | 'database' | 'user' | 'password'

export const FIELD_LABELS: Record<ServerField, string> = {
  host: '主機', port: '連接埠', database: '資料庫', user: '帳號', password: '密碼',
}

export function formFromStatus(status: DatabaseStatus): ServerFormState {
  const s = status.server
  return {
    host: s?.host ?? '',
    port: String(s?.port ?? 5432),
    database: s?.database ?? '',
    user: s?.user ?? '',
    password: '',
    tls: s?.tls ?? false,
    rememberPassword: status.canRememberPassword,
  }
}

/** What the calls take: the server, and the password only when one was typed (else the kept one). */
export function serverOf(form: ServerFormState) {
  return {
    server: { host: form.host, port: form.port, database: form.database, user: form.user, tls: form.tls },
    password: form.password === '' ? undefined : form.password,
  }
}

/** Whether the form names the server whose password this PC keeps. */
export function isSavedServer(form: ServerFormState, saved: ServerConfig | null): boolean {
  return !!saved && saved.host === form.host.trim() && String(saved.port) === form.port.trim() &&
    saved.database === form.database.trim() && saved.user === form.user.trim()
}

/** Core's zod issues for the form's fields (`invalid-input`), by field. */
export function fieldProblems(error: { code: string; detail?: unknown } | null | undefined): Partial<Record<ServerField, string>> {
  if (error?.code !== 'invalid-input' || !Array.isArray(error.detail)) return {}
  const problems: Partial<Record<ServerField, string>> = {}
  for (const issue of error.detail as { path?: unknown[]; message?: string }[]) {
    const field = String(issue.path?.at(-1)) as ServerField
    if (field in FIELD_LABELS && !problems[field]) problems[field] = issue.message ?? ''
  }
  return problems
}

/** A refusal as the clerk reads it: the fields' problems by their labels, else core's message. */
export function describeError(error: { code: string; message: string; detail?: unknown }): string {
  const problems = Object.entries(fieldProblems(error)) as [ServerField, string][]
  if (problems.length === 0) return error.message
  return problems.map(([field, message]) => `${FIELD_LABELS[field]}：${message}`).join('；')
}
