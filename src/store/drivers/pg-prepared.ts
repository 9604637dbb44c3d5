import { createHash } from 'node:crypto';
import type pg from 'pg';
import { hasMark, MARKS } from './statement-marks.ts';

/**
 * Hot statements (an order's read and write) are parsed and planned once per connection instead
 * of on every call: on the write path, PostgreSQL's parse and plan of the one-statement change was
 * a good part of its CPU per request. Kysely's driver sends `query(text, values)`; a text carrying
 * the `prepared` mark gets a name derived from the text, so every connection knows it by the same name.
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
      typeof config === 'string' && hasMark(config, MARKS.prepared) && typeof values !== 'function'
        ? query({ name: nameOf(config), text: config, values }, callback)
        : query(config, values, callback);
  });
}
