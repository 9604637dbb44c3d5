import pg from 'pg';

/** Trust-auth PostgreSQL of every dev session and CI run; BENCH_PG_URL overrides it. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** An empty database named after the process, so a crashed run's leftover is recognisable and replaced. */
export async function freshDatabase(prefix = 'dropline_bench'): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
    // Diagnostic only: shows how much of a write's latency is waiting for the WAL flush.
    const syncCommit = process.env.BENCH_PG_SYNCHRONOUS_COMMIT;
    if (syncCommit) {
      await c.query(`alter database ${name} set synchronous_commit = ${pg.escapeLiteral(syncCommit)}`);
    }
  });
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}
