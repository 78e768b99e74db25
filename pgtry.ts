import { startPgCluster } from './test/helpers/pgCluster'
import pg from 'pg'
import { writeFileSync } from 'node:fs'
async function main() {
  const c = await startPgCluster()
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, database: 'postgres' })
  await client.connect(); await client.query('CREATE DATABASE school'); await client.end()
  writeFileSync('/tmp/pgurl', `postgres://${c.user}@${c.host}:${c.port}/school`)
  console.log('ready')
  await new Promise((r) => process.on('SIGTERM', r))
  c.stop()
}
main()
