import pg from 'pg';

/**
 * The server's pool, hardened for the database going away. node-postgres emits 'error' on a
 * client whose connection drops; the pool listens only while the client is idle, so a connection
 * dropped while checked out (inside a transaction, or held by a statement batch) had no listener
 * and ended the process. Every client gets a permanent one: the failure still reaches whoever is
 * awaiting its query, and the pool discards the broken client on release.
 */
export function createResilientPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    // While the server is unreachable a request waits this long for a connection, then fails
    // with a 503 instead of hanging until the client gives up.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  pool.on('connect', (client) => client.on('error', () => {}));
  // An idle pooled connection that the server drops is discarded and replaced on next checkout.
  pool.on('error', () => {});
  return pool;
}
