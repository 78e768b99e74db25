// Run with Electron as Node on the packaging runner, after electron-builder:
//   ELECTRON_RUN_AS_NODE=1 npx electron .ci/check-packaged-sqlite.cjs dist/linux-unpacked
// Loads the better-sqlite3 binary the installer ships and runs a query. electron-builder
// rebuilds it for Electron; if that rebuild quietly left a Node-built binary (it does when
// it cannot download Electron's headers), loading fails here on the ABI, not on a user's PC.
const { join, resolve } = require('node:path')
const Database = require('better-sqlite3')

if (!process.versions.electron) {
  console.error('Run this with Electron as Node (ELECTRON_RUN_AS_NODE=1 npx electron …).')
  process.exit(2)
}
const appOutDir = resolve(process.argv[2] ?? '')
const unpacked = join(appOutDir, 'resources', 'app.asar.unpacked')
const binary = join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const db = new Database(':memory:', { nativeBinding: binary })
const { version } = db.prepare('select sqlite_version() as version').get()
db.close()
console.log(`${binary} loads in Electron ${process.versions.electron} (SQLite ${version}).`)
