declare module 'pgpass' {
  interface ConnectionInfo {
    host?: string
    port?: string
    database?: string
    user?: string
  }
  /** Finds the password of ~/.pgpass (or PGPASSFILE) for the connection; undefined when none matches. */
  function pgpass(info: ConnectionInfo, callback: (password?: string) => void): void
  export default pgpass
}
