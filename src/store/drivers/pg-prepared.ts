import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Statements that start with this comment run as named prepared statements on PostgreSQL. */
export const PREPARED = '/* prepared */ ';

/**
 * Hot statements (an order's read and write) are parsed and planned once per connection instead
 * of on every call: on the write path, PostgreSQL's parse and plan of the one-statement change was
 * a good part of its CPU per request. Kysely's driver sends `query(text, values)`; a text carrying
 * the `PREPARED` mark gets a name derived from the text, so every connection knows it by the same name.
 */
export function usePreparedStatements(pool: pg.Pool): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (!name) {
      name = `dropline_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) =>
      typeof config === 'string' && config.startsWith(PREPARED) && typeof values !== 'function'
        ? query({ name: nameOf(config), text: config, values }, callback)
        : query(config, values, callback);
  });
}
