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

/**
 * Being ported to run on both backends (they read the SQLite file, or give the CLI its path): out of
 * core-pg until they are. To be emptied, not grown.
 */
const NOT_YET_ON_PG = [
  'test/cli/backups.test.ts',
  'test/cli/crash.test.ts',
  'test/cli/export.test.ts',
  'test/cli/stats.test.ts',
  'test/core/export/injection.test.ts',
  'test/core/export/run.test.ts',
  'test/core/import/bulk.test.ts',
  'test/core/import/coverage.test.ts',
  'test/core/import/limits.test.ts',
  'test/core/import/mapping.test.ts',
  'test/core/import/partialExports.test.ts',
  'test/core/import/privacy.test.ts',
  'test/core/import/records.test.ts',
  'test/core/import/reimport.test.ts',
  'test/core/import/responsive.test.ts',
  'test/core/import/roster.test.ts',
  'test/core/import/safety.test.ts',
  'test/core/import/school.test.ts',
  'test/core/import/stage.test.ts',
  'test/core/privateFiles.test.ts',
  'test/core/queue/deadline.test.ts',
  'test/core/queue/imported.test.ts',
  'test/core/queue/query.test.ts',
  'test/core/records/yearLevel.test.ts',
  'test/core/rounds/deadlineEverywhere.test.ts',
  'test/core/settings/routing.test.ts',
  'test/hostile/corpus.test.ts',
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
          exclude: ['test/e2e/**', ...SQLITE_ONLY, ...NOT_YET_ON_PG],
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
