import { defineConfig } from 'vitest/config'

/**
 * Tests of what only the SQLite file has (its query plans, file backups and restore, migrations
 * checked on the file at older versions, crash safety of the file): the core-pg project leaves
 * them out. Every other core and CLI test runs on both backends.
 */
const SQLITE_ONLY = [
  'test/core/queue/plans.test.ts',
  'test/core/db/000*.test.ts',
  'test/core/backup/**',
]

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['test/**/*.test.ts'],
          // *.pg.test.ts are about the server itself (設定 → 資料庫, several PCs at once).
          exclude: ['test/e2e/**', 'test/**/*.pg.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup.ts'],
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The same suites on a PostgreSQL server: a throwaway cluster for the run (test/pgSetup.ts),
        // a database of its own for every core (test/helpers/tempCore.ts).
        test: {
          name: 'core-pg',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', ...SQLITE_ONLY],
          environment: 'node',
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/pgSetup.ts'],
          env: { RECEIPT_DESK_TEST_BACKEND: 'postgres' },
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup.ts'],
          // On SQLite, but with a server at hand for the tests of several PCs on one server.
          globalSetup: ['test/pgSetup.ts'],
          // Each file drives its own Chromium; two at once is what a 2-core machine takes.
          maxWorkers: 2,
          // After the core tests, so the two never compete for the 2 cores.
          sequence: { groupOrder: 2 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
