import { useEffect, useState } from 'react'

export const ROUTES = [
  { path: 'dashboard', label: '總覽' },
  { path: 'queue', label: '回報處理' },
  { path: 'students', label: '學生查詢' },
  { path: 'import', label: '匯入' },
  { path: 'export', label: '匯出' },
  { path: 'settings', label: '設定' },
] as const

export type RoutePath = (typeof ROUTES)[number]['path']

function currentRoute(): RoutePath {
  const path = window.location.hash.replace(/^#\/?/, '').split('?')[0]
  return ROUTES.find((r) => r.path === path)?.path ?? 'dashboard'
}

/** Hash routing: the page survives a reload, and nothing ever navigates the window away. */
export function useRoute(): RoutePath {
  const [route, setRoute] = useState(currentRoute)
  useEffect(() => {
    const onChange = () => setRoute(currentRoute())
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

export const hrefOf = (path: RoutePath) => `#/${path}`
