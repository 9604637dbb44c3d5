import type { CompiledQuery, Kysely } from 'kysely';

/**
 * Records the SQL of every statement run through `db` itself (not through a transaction's own
 * executor), for tests that count how many statements concurrent requests shared.
 */
export function recordStatements<DB>(db: Kysely<DB>): { sql: string[] } {
  const seen = { sql: [] as string[] };
  const execute = db.executeQuery.bind(db);
  db.executeQuery = ((q: CompiledQuery) => {
    seen.sql.push(q.sql);
    return execute(q);
  }) as typeof db.executeQuery;
  return seen;
}
