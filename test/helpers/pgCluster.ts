import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

// A throwaway PostgreSQL cluster for the tests: its own data folder in the OS temp folder, made by
// `initdb` as a non-root user (PostgreSQL refuses to run as root: as root we run it as the
// `postgres` user that Debian's package creates), listening on a free loopback port and a socket in
// that folder, stopped and removed at the end. Local connections are trusted except for the roles
// the tests make members of PASSWORD_ROLE (so "wrong password" can be tested).

/** Roles made members of this one log in with a password (tests of a wrong password). */
export const PASSWORD_ROLE = 'password_users'

/** On a cluster started with TLS, roles made members of this one may connect only over TLS. */
export const TLS_ROLE = 'tls_users'

export interface PgCluster {
  host: string
  port: number
  /** The superuser the tests connect as (trusted on loopback). */
  user: string
  dir: string
  stop(): void
}

/** The folder of PostgreSQL's server programs: Debian puts them in /usr/lib/postgresql/<major>/bin. */
export function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql'
  if (existsSync(base)) {
    const majors = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    for (const major of majors) if (existsSync(join(base, major, 'bin', 'initdb'))) return join(base, major, 'bin')
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' })
  return which.status === 0 ? join(which.stdout.trim(), '..') : null
}

const isRoot = () => process.getuid?.() === 0

/** Runs a server program as the user the cluster belongs to. */
function runAs(user: string | null, program: string, args: string[]) {
  const [cmd, argv] = user ? ['runuser', ['-u', user, '--', program, ...args]] : [program, args]
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** `tls`: the server also speaks TLS, with a self-signed certificate made here (as a school's own server would). */
export async function startPgCluster(settings: { tls?: boolean } = {}): Promise<PgCluster> {
  const bin = pgBinDir()
  if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql): initdb not found')
  const owner = isRoot() ? 'postgres' : null
  const dir = mkdtempSync(join(tmpdir(), 'receipt-desk-pg-'))
  chmodSync(dir, 0o700)
  if (owner) {
    const uid = Number(execFileSync('id', ['-u', owner], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', owner], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const superuser = owner ?? userInfo().username
  runAs(owner, join(bin, 'initdb'), ['-D', data, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'])
  // Members of password_users must give their password, even on loopback; everyone else is trusted.
  const hba = [
    'local all all trust',
    ...(settings.tls ? [`hostnossl all +${TLS_ROLE} 127.0.0.1/32 reject`] : []),
    `host all +${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256`,
    'host all all 127.0.0.1/32 trust',
  ].join('\n')
  writeFileSync(join(data, 'pg_hba.conf'), `${hba}\n`)
  const made = ['pg_hba.conf']
  if (settings.tls) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=receipt-desk-test',
      '-keyout', join(data, 'server.key'), '-out', join(data, 'server.crt')], { stdio: 'ignore' })
    chmodSync(join(data, 'server.key'), 0o600)
    made.push('server.key', 'server.crt')
  }
  if (owner) for (const file of made) runAs(null, 'chown', [`${owner}:`, join(data, file)])
  const port = await freePort()
  const options = [
    `-c listen_addresses=127.0.0.1`, `-p ${port}`, `-k ${dir}`,
    // A test cluster: its data may go with a crash.
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
    '-c max_connections=200', '-c shared_buffers=128MB',
    ...(settings.tls ? ['-c ssl=on', '-c ssl_cert_file=server.crt', '-c ssl_key_file=server.key'] : []),
  ].join(' ')
  runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])
  let stopped = false
  return {
    host: '127.0.0.1',
    port,
    user: superuser,
    dir,
    stop() {
      if (stopped) return
      stopped = true
      try {
        runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
