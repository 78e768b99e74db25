import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../src/core/db/migrate'
import { openPostgresStore } from '../src/core/db/postgres/store'
import { systemClock } from '../src/core/time'
import { PASSWORD_ROLE, startPgCluster } from './helpers/pgCluster'

// The `core-pg` project's global setup: one throwaway PostgreSQL cluster for the whole run, and
// a template database already migrated to this version, from which each test's core gets a
// fresh database of its own in a few milliseconds (CREATE DATABASE … TEMPLATE).

export const TEMPLATE = 'receipt_desk_template'

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { host: string; port: number; user: string; template: string } | null
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPgCluster()
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${TEMPLATE}`)
  await admin.query(`CREATE ROLE ${PASSWORD_ROLE} NOLOGIN`)
  await admin.end()
  const store = openPostgresStore(
    { host: cluster.host, port: cluster.port, user: cluster.user, database: TEMPLATE, tls: false },
    { clock: systemClock },
  )
  await migrateToLatest(store.db)
  await store.close()
  project.provide('pg', { host: cluster.host, port: cluster.port, user: cluster.user, template: TEMPLATE })
  return () => cluster.stop()
}
