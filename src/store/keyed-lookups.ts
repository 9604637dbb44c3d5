import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { StatementBatcher } from './statement-batcher.ts';
import type { StoreKind } from './store.ts';

export interface KeyedLookupSpec<K, R> {
  /** Only the pool's repository on PostgreSQL batches; anywhere else there is no batcher. */
  batched: StoreKind | undefined;
  db: Kysely<DB>;
  /** Reads the keys from `$1` (a JSON array; each key carries its position as `n`) and tags each row `key_n`. */
  sql: string;
  keyJson: (key: K) => Record<string, unknown>;
  fromRow: (row: Record<string, unknown>) => R;
  /** A batch of one runs this instead (a single-key statement can be cheaper). */
  alone?: (key: K) => Promise<R | null>;
  parallel?: number;
}

/**
 * Concurrent unlocked lookups by key in one statement (see StatementBatcher): every row comes
 * back tagged with its key's position, and a key without a row gets null.
 */
export function keyedLookups<K, R>(spec: KeyedLookupSpec<K, R>): StatementBatcher<K, R | null> | null {
  if (spec.batched !== 'postgres') return null;
  const run = async (keys: K[]): Promise<(R | null)[]> => {
    if (keys.length === 1 && spec.alone) return [await spec.alone(keys[0]!)];
    const json = JSON.stringify(keys.map((k, n) => ({ n, ...spec.keyJson(k) })));
    const { rows } = await spec.db.executeQuery(CompiledQuery.raw(spec.sql, [json]));
    const found: (R | null)[] = keys.map(() => null);
    for (const row of rows as Record<string, unknown>[]) found[row.key_n as number] = spec.fromRow(row);
    return found;
  };
  return new StatementBatcher(run, { parallel: spec.parallel ?? 2, maxItems: 64 });
}
