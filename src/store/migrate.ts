import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  sql: string;
}

export const loadMigrations = (): Migration[] =>
  readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(MIGRATIONS_DIR, name), 'utf8') }));

/**
 * Applies the pending `.sql` migrations, each in its own transaction. An advisory lock makes
 * concurrent starts of several servers on one PostgreSQL apply each migration once.
 */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null)`.execute(db);
  const applied: string[] = [];
  // Names seen applied need no lock: a migration, once recorded, stays. Only the others are
  // taken one by one under the lock (another server may be applying them right now).
  const recorded = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  for (const m of loadMigrations()) {
    if (recorded.has(m.name)) continue;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(7404112)`.execute(trx);
      const done = await trx.selectFrom('schema_migrations').select('name').where('name', '=', m.name).executeTakeFirst();
      if (done) return;
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: m.name, applied_at: new Date() }).execute();
      applied.push(m.name);
    });
  }
  return applied;
}

/** Migrations this build ships that the database has not applied (readiness: empty when ready). */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  return loadMigrations()
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
}
