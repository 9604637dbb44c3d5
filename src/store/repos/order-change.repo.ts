import { CompiledQuery, type Kysely } from 'kysely';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { AlongsideKey, AlongsidePart, AlongsideRows, AlongsideStored } from '../alongside.ts';
import type { DB } from '../schema.ts';
import type { LiveSink } from '../live-publisher.ts';
import { ORDER_COLUMNS, type OrderRecord, orderRecord } from './order-row.ts';
import { ROUTE_COLUMNS, routeRecord } from './route.repo.ts';
import { timelineJson } from './timeline-json.ts';
import { type NewOutboxEvent, OUTBOX_RECORD_TYPES, outboxRecord, ROUTE_STREAM_KEY_SQL } from './webhook-outbox.repo.ts';
import { StatementBatcher } from '../statement-batcher.ts';
import type { StoreKind } from '../store.ts';
import { TERMINAL_STATUSES } from '../../core/order/statuses.ts';
import { statusIn } from '../status-sql.ts';

/** Everything one order change writes; `OrderChangeRepo.write` sends it as a single statement. */
export interface OrderChangeWrite {
  order: Order;
  /** Appended to the order's timeline (the whole timeline when `isNew`). */
  events: TimelineEvent[];
  isNew: boolean;
  /** Optimistic concurrency: write only if the row is still at this version (see `OrderWithTimeline.version`). */
  expectedVersion?: string;
  /**
   * The order as it was read at `expectedVersion`: then only the columns that differ from it are
   * sent (the version check guarantees the stored row is exactly this one).
   */
  before?: Order;
  outbox: NewOutboxEvent[];
  /** The live event, sent once the write has committed (see LivePublisher). */
  live: object | null;
  /** Close the order's route (at the order's `updatedAt`) when no other open order is left on it. */
  completeRoute: boolean;
  /** A new route inserted in the same statement (the order's route on creation). */
  newRoute?: Route;
}

export type { AlongsideRows } from '../alongside.ts';

export interface OrderChangeRepo {
  /**
   * Writes the order (insert or update), its timeline events, its webhook outbox rows, the route
   * it creates or completes — in ONE statement, so the change is atomic
   * even outside a transaction and costs one round trip. Returns false when `expectedVersion` no
   * longer matches (nothing was written).
   */
  write(w: OrderChangeWrite): Promise<boolean>;
  /**
   * Several changes (of different orders) in one statement: atomic as a whole, so a refused one
   * (a unique index) writes none of them. Returns, per change, whether its version check let it write.
   */
  writeAll(ws: OrderChangeWrite[], alongside?: AlongsideRows): Promise<boolean[]>;
  /** `writeAll`, also answering the rows the statement stored that the caller could not know (see `WrittenRows`). */
  writeAllReturning(ws: OrderChangeWrite[], alongside?: AlongsideRows): Promise<WrittenRows>;
}

/** What one `writeAllReturning` wrote: per change whether it was written, and what the alongside parts stored. */
export type WrittenRows = { written: boolean[] } & Partial<AlongsideStored>;

const list = (cols: readonly string[], prefix = '') => cols.map((c) => `${prefix}${c}`).join(', ');
const UPDATED_COLUMNS = ORDER_COLUMNS.filter((c) => c !== 'id' && c !== 'account_id');

/*
 * Why one statement: each statement is a round trip, and round trips (with their parse, plan and
 * socket wake-ups on both sides) were most of a lifecycle write's cost. Data-modifying CTEs all
 * commit or fail together. One statement carries a batch of changes ($1, one JSON object per
 * change; see `StatementBatcher`), each applied or skipped on its own version check.
 * The outbox insert and the route update read from `u` (the rows written), so they run only for
 * changes whose order row was written, after its row lock is held: an order's events still get
 * ascending ids in commit order, and a version conflict writes nothing for that change.
 * The row version is `xmin`, the id of the transaction that wrote the row: every writer changes
 * it, including ones that know nothing about optimistic checks.
 * A route closes when none of its orders is open any more. The statement's snapshot still shows
 * the orders this batch finishes as open, hence `x.id <> all(...)` over them.
 * A route closed that way announces it (reference §8 route `completed`, as `routeData` builds it)
 * from the rows the close returns, so only a route that really closed sends one.
 * The updated ids are also a parameter ($3), so that even a generic plan scans them by index.
 * An update's record may hold only the columns that changed: `json_populate_record(o, …)` fills
 * the others from the stored row.
 * A dialect's own rows (an Uber delivery, a Bringg task) are written by its registered
 * alongside part (store/alongside.ts), whose CTEs sit between the route insert and the close.
 */
const writeSql = (parts: readonly AlongsidePart[], param: (key: AlongsideKey) => string) => `${MARKS.prepared}with
w as materialized (
  select * from json_to_recordset($1::json)
    as x(w_n int, w_new boolean, w_version text, w_complete_at timestamptz, w_rec json, w_events json, w_outbox json)
),
rec as materialized (select w.*, r.* from w cross join lateral json_populate_record(null::orders, w.w_rec) as r),
ins as (
  insert into orders (${list(ORDER_COLUMNS)}, timeline)
  select ${list(ORDER_COLUMNS)}, w_events from rec where w_new order by w_n
  returning id
),
upd as (
  update orders o set (${list(UPDATED_COLUMNS)}) = (
      select ${list(UPDATED_COLUMNS, 'n.')} from json_populate_record(o, rec.w_rec) as n
    ), timeline = dropline_json_append(o.timeline, rec.w_events)
  from rec
  where o.id = any($3::uuid[]) and not rec.w_new and o.id = rec.id and o.account_id = rec.account_id
    and (rec.w_version is null or o.xmin::text = rec.w_version)
  returning o.id
),
u as (select id from ins union all select id from upd),
ev as (
  insert into webhook_events (account_id, order_id, type, recorded_at, created_at, subject)
  select x.account_id, x.order_id, x.type, x.recorded_at, x.created_at, x.subject
  from rec join u on u.id = rec.id
    cross join lateral json_to_recordset(rec.w_outbox)
      as x(k int, ${OUTBOX_RECORD_TYPES})
  order by rec.w_n, x.k
),
rt as (
  insert into routes (${list(ROUTE_COLUMNS)})
  select ${list(ROUTE_COLUMNS)} from json_populate_recordset(null::routes, $2::json)
),
${parts.map((p) => `${p.ctes(param)},\n`).join('')}done as (
  select rec.id, rec.account_id, rec.route_handle, rec.w_complete_at
  from rec join u on u.id = rec.id where rec.w_complete_at is not null and rec.route_handle is not null
),
rc as (
  update routes r set status = 'completed', completed_at = c.at, updated_at = c.at, version = r.version + 1
  from (select account_id, route_handle, max(w_complete_at) as at from done group by account_id, route_handle) c
  where r.account_id = c.account_id and r.route_handle = c.route_handle and r.status <> 'completed'
    and not exists (
      select 1 from orders x
      where x.account_id = c.account_id and x.route_handle = c.route_handle
        and x.id <> all(array(select id from done))
        and ${statusIn('x.status', TERMINAL_STATUSES, { negate: true })} and x.rescheduled_marked_at is null)
  returning r.*
),
rce as (
  insert into webhook_events (account_id, order_id, type, recorded_at, created_at, subject)
  select rc.account_id, ${ROUTE_STREAM_KEY_SQL('rc.account_id', 'rc.route_handle')}, 'ht_route', rc.completed_at, rc.completed_at,
    json_build_object('stream', 'route', 'device_id', rc.device_id, 'worker_handle', rc.worker_handle, 'items', json_build_array(json_build_object(
      'recorded_at', to_char(rc.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', json_build_object('value', 'completed', 'route_handle', rc.route_handle, 'status', rc.status, 'version', rc.version,
        'ops_group_handle', coalesce(rc.ops_group_handle, 'default'), 'plan_mode', rc.plan_mode, 'track_mode', rc.track_mode,
        'plan_id', rc.plan_id, 'metadata', rc.metadata))))
  from rc
)
select (select coalesce(json_agg(id), '[]'::json) from u) as written${parts
  .filter((p) => p.returns)
  .map((p, k) => `,\n  coalesce(${p.returns!.sql}, '[]'::json) as r${k}`)
  .join('')}`;

/**
 * One change as the statement's JSON item. The statement reads each item's fields with one parse
 * (json_to_recordset): a `->` on a json value parses the whole text again.
 */
function itemJson(w: OrderChangeWrite, n: number): string {
  const o = w.order;
  const outbox = w.outbox.map((e, k) => ({ k, ...outboxRecord(e) }));
  const head = JSON.stringify({
    w_n: n,
    w_new: w.isNew,
    w_version: w.expectedVersion ?? null,
    w_complete_at: w.completeRoute ? o.updatedAt : null,
  });
  const rec = w.before && w.expectedVersion !== undefined && !w.isNew ? changedColumns(w.before, o) : orderRecord(o);
  return `${head.slice(0, -1)},"w_rec":${JSON.stringify(rec)},"w_events":${timelineJson(w.events)},"w_outbox":${JSON.stringify(outbox)}}`;
}

const same = (a: unknown, b: unknown) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/**
 * The record of `after` without the columns equal to `before`'s (nested values compare by
 * reference: the core keeps an unchanged one's object). The keys are always sent: the statement
 * matches on them, closes the route by `route_handle`, and an alongside part may find its rows by `order_handle`.
 */
function changedColumns(before: Order, after: Order): Partial<OrderRecord> {
  const was = orderRecord(before);
  const now = orderRecord(after);
  const out: Partial<Record<keyof OrderRecord, unknown>> = {
    id: now.id,
    account_id: now.account_id,
    route_handle: now.route_handle,
    order_handle: now.order_handle,
  };
  for (const c of ORDER_COLUMNS) if (!same(was[c], now[c])) out[c] = now[c];
  return out as Partial<OrderRecord>;
}

/** Changes in flight at once through the pool; the embedded store runs one statement at a time. */
const BATCHES_IN_FLIGHT = { postgres: 4, pglite: 1 } as const;
const MAX_BATCH = 64;
/** Most changes in one statement (a group of many new orders still goes, alone). */
const MAX_BATCH_CHANGES = 256;

/** Changes that must be written together (one caller's `writeAll`), with their alongside rows. */
interface ChangeGroup {
  ws: OrderChangeWrite[];
  alongside: AlongsideRows;
}

export class KyselyOrderChangeRepo implements OrderChangeRepo {
  private readonly batcher: StatementBatcher<ChangeGroup, WrittenRows> | null;
  private readonly sql: string;
  private readonly inputs: AlongsidePart['inputs'][number][];

  /**
   * `batched` (the pool's repository, never a transaction's): concurrent callers' changes share
   * statements. Inside a transaction each call is its own statement, in the caller's order.
   * `parts`: the registered dialects' alongside rows (their parameters follow the statement's own three).
   */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live: LiveSink,
    batched?: StoreKind,
    private readonly parts: readonly AlongsidePart[] = [],
  ) {
    this.inputs = parts.flatMap((p) => p.inputs);
    const at = new Map(this.inputs.map((input, k) => [input.key, `$${k + 4}`]));
    this.sql = writeSql(parts, (key) => {
      const placeholder = at.get(key);
      if (!placeholder) throw new Error(`alongside key ${key} is no input of its part`);
      return placeholder;
    });
    this.batcher = batched
      ? new StatementBatcher((groups) => this.writeGroups(groups), {
          parallel: BATCHES_IN_FLIGHT[batched],
          maxItems: MAX_BATCH,
          // Batches in flight hold disjoint orders: no two of them wait for each other's order rows.
          // A part's keys too (a Bringg customer's external id): an upsert may not meet its own key
          // twice in one statement, and two statements upserting one new row would wait for each other.
          keysOf: (g) => [...g.ws.map((w) => w.order.id), ...parts.flatMap((p) => p.keysOf?.(g.alongside) ?? [])],
          exclusive: true,
          weightOf: (g) => g.ws.length,
          maxWeight: MAX_BATCH_CHANGES,
        })
      : null;
  }

  async write(w: OrderChangeWrite): Promise<boolean> {
    return (await this.writeAll([w]))[0]!;
  }

  async writeAll(ws: OrderChangeWrite[], alongside: AlongsideRows = {}): Promise<boolean[]> {
    return (await this.writeAllReturning(ws, alongside)).written;
  }

  writeAllReturning(ws: OrderChangeWrite[], alongside: AlongsideRows = {}): Promise<WrittenRows> {
    const known = new Set<string>(this.inputs.map((i) => i.key));
    // Rows of a dialect no part was registered for would be dropped silently: refuse instead.
    const unknown = Object.keys(alongside).filter((k) => !known.has(k));
    if (unknown.length) return Promise.reject(new Error(`no alongside part registered for ${unknown.join(', ')}`));
    const group = { ws, alongside };
    return this.batcher ? this.batcher.submit(group) : this.writeGroups([group]).then((r) => r[0]!);
  }

  /**
   * Several groups in one statement. A batch that fails (one group meets a unique index) is run
   * again group by group by the batcher, so each group stays all-or-nothing on its own.
   */
  private async writeGroups(groups: ChangeGroup[]): Promise<WrittenRows[]> {
    const rowsOf = (key: AlongsideKey) => groups.flatMap((g) => (g.alongside[key] as readonly unknown[] | undefined) ?? []);
    const { written, returned } = await this.writeStatement(
      groups.flatMap((g) => g.ws),
      this.inputs.map((input) => input.json(rowsOf(input.key))),
    );
    const alongside = groups.map((g) => g.alongside);
    const stored = this.parts.filter((p) => p.returns).map((p, k) => p.returns!.split(returned[k]!, alongside));
    let at = 0;
    return groups.map((g, n) => Object.assign({ written: written.slice(at, (at += g.ws.length)) }, ...stored.map((s) => s[n])));
  }

  private async writeStatement(ws: OrderChangeWrite[], alongside: string[]): Promise<{ written: boolean[]; returned: unknown[][] }> {
    const routes = ws.flatMap((w) => (w.newRoute ? [routeRecord(w.newRoute)] : []));
    const updated = ws.filter((w) => !w.isNew).map((w) => w.order.id);
    const res = await this.db.executeQuery<Record<string, unknown[] | string>>(
      CompiledQuery.raw(this.sql, [`[${ws.map((w, n) => itemJson(w, n)).join(',')}]`, JSON.stringify(routes), `{${updated.join(',')}}`, ...alongside]),
    );
    const row = res.rows[0] ?? {};
    const json = (v: unknown[] | string | undefined): unknown[] => (typeof v === 'string' ? (JSON.parse(v) as unknown[]) : (v ?? []));
    const written = new Set(json(row.written));
    const returned = this.parts.filter((p) => p.returns).map((_, k) => json(row[`r${k}`]));
    const outcome = ws.map((w) => written.has(w.order.id));
    const live = ws.flatMap((w, i) => (outcome[i] && w.live !== null ? [JSON.stringify(w.live)] : []));
    if (live.length > 0) this.live(live);
    return { written: outcome, returned };
  }
}
