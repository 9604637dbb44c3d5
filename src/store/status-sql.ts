import { type RawBuilder, sql } from 'kysely';
import type { OrderStatus } from '../core/order/types.ts';

/**
 * `column` tested against a status set of core/order/statuses.ts, as SQL text with the statuses
 * written as literals. Callers render it once at module load, so a statement's text (prepared
 * statements are cached by it) never changes. Literals, not parameters, so the planner can match
 * the partial indexes whose predicates name the same sets (migrations 001, 003); one status
 * renders as `=`, as those predicates do.
 */
export function statusIn(column: string, statuses: readonly OrderStatus[], opts: { negate?: boolean } = {}): string {
  if (statuses.length === 0) throw new Error('statusIn: empty status set');
  for (const s of statuses) if (!/^[a-z_]+$/.test(s)) throw new Error(`statusIn: not a status literal: ${s}`);
  if (statuses.length === 1) return `${column} ${opts.negate ? '<>' : '='} '${statuses[0]}'`;
  return `${column} ${opts.negate ? 'not in' : 'in'} (${statuses.map((s) => `'${s}'`).join(', ')})`;
}

/** `statusIn` as a Kysely condition. */
export const statusInSql = (column: string, statuses: readonly OrderStatus[], opts: { negate?: boolean } = {}): RawBuilder<boolean> =>
  sql.raw<boolean>(statusIn(column, statuses, opts));
