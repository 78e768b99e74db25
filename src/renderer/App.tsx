import { SECTION_LABELS } from '../shared/domain'
import { useCallQuery } from './api'
import { DashboardPage } from './pages/DashboardPage'
import { ExportPage } from './pages/ExportPage'
import { ImportPage } from './pages/ImportPage'
import { QueuePage } from './pages/QueuePage'
import { SettingsPage } from './pages/SettingsPage'
import { StudentsPage } from './pages/StudentsPage'
import { hrefOf, ROUTES, useRoute, type RoutePath } from './routes'
import { ServerBanner } from './sync/ServerBanner'
import { useChangeSync } from './sync/useChangeSync'

const PAGES: Record<RoutePath, () => React.JSX.Element> = {
  dashboard: DashboardPage,
  queue: QueuePage,
  students: StudentsPage,
  import: ImportPage,
  export: ExportPage,
  settings: SettingsPage,
}

export function App() {
  const route = useRoute()
  const Page = PAGES[route]
  const { problem } = useChangeSync()
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="主選單">
        <div className="brand">收訖回報工作台</div>
        <ul>
          {ROUTES.map((r) => (
            <li key={r.path}>
              <a href={hrefOf(r.path)} aria-current={r.path === route ? 'page' : undefined}>
                {r.label}
              </a>
            </li>
          ))}
        </ul>
        <OperatorBadge />
        <DataPlace offline={problem !== null} />
      </nav>
      <main className="content">
        <ServerBanner problem={problem} />
        <Page />
      </main>
    </div>
  )
}

function OperatorBadge() {
  const settings = useCallQuery('settings.get', {})
  if (!settings.data) return null
  const { operatorName, section } = settings.data
  if (!operatorName) {
    return (
      <a className="operator operator-missing" href={hrefOf('settings')}>
        尚未設定操作者
      </a>
    )
  }
  return (
    <div className="operator" data-testid="operator-badge">
      <div className="operator-name">{operatorName}</div>
      {section && <div className="operator-section">{SECTION_LABELS[section]}</div>}
    </div>
  )
}

/** Whose data the screens show: this PC's own, or the school's server (shared by the sections). */
function DataPlace({ offline }: { offline: boolean }) {
  const status = useCallQuery('database.status', {})
  if (!status.data) return null
  const { kind, location } = status.data
  const state = kind === 'local' ? 'local' : offline ? 'offline' : 'online'
  return (
    <div className={`data-place data-place-${state}`} data-testid="data-place" title={location}>
      {kind === 'server' ? '學校伺服器' : '本機'}
      {state === 'offline' && <span className="data-place-note">（未連線）</span>}
    </div>
  )
}
