import { sql } from 'kysely';
import type { Store } from '../../src/store/store.ts';

/**
 * A fingerprint of every table's content: one md5 per table over its rows' text, in one
 * statement. Two equal fingerprints mean no row was inserted, updated or deleted in between.
 */
export async function stateFingerprint(store: Store, tables: string[]): Promise<Record<string, string>> {
  const parts = tables.map((t) => sql`select ${t}::text as name, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as hash from ${sql.table(t)} r`);
  const { rows } = await sql<{ name: string; hash: string }>`${sql.join(parts, sql` union all `)}`.execute(store.db);
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}

/** The base tables of the public schema (partition children included, so each is read once via its parent only). */
export async function listTables(store: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by 1`.execute(store.db);
  return rows.map((r) => r.name);
}

export const changedTables = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys(after).filter((t) => before[t] !== after[t]);

/**
 * The next transaction id PostgreSQL will assign. Only a transaction that writes takes one, so an
 * unchanged value proves nothing was written: the full fingerprint is only needed when it moved
 * (it also moves for a write that rolled back, which the fingerprint then clears).
 */
export async function nextTransactionId(store: Store): Promise<string> {
  const { rows } = await sql<{ xid: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xid`.execute(store.db);
  return rows[0]!.xid;
}
