import { defineConfig } from 'vitest/config'

/**
 * Tests of what only the SQLite file has: the core-pg project leaves them out. Every other core and
 * CLI test runs on both backends.
 */
const SQLITE_ONLY = [
  // The query plans SQLite picks for the queue (EXPLAIN QUERY PLAN).
  'test/core/queue/plans.test.ts',
  // Migrations checked on SQLite files at older versions (pragmas, STRICT tables); the same on a
  // server: test/core/db/migrations.pg.test.ts.
  'test/core/db/00[0-9][0-9]_*.test.ts',
  // Backups of the file before each import and their restore (a server keeps none: it has undo).
  'test/core/backup/**',
  'test/cli/backups.test.ts',
  // kill -9 mid-import: the file, its WAL and the backup being copied after a crash.
  'test/cli/crash.test.ts',
  // The data folder, the file and its backups readable by the user only; leftovers of a backup.
  'test/core/privateFiles.test.ts',
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
