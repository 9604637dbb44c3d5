import { CompiledQuery, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { OrderTask } from '../../core/order/task.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { GeohashCell } from '../../core/geohash.ts';
import type { Order, OrderKey, OrderStatus, Region, TrackPoint } from '../../core/order/types.ts';
import type { DB, OrdersTable } from '../schema.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import { keyedLookups } from '../keyed-lookups.ts';
import type { StatementBatcher } from '../statement-batcher.ts';
import type { StoreKind } from '../store.ts';
import { ORDER_COLUMNS, orderFromRow, orderToRow, ROUTE_STOP_COLUMNS, routeStopFromRow } from './order-row.ts';
import type { RouteStop } from '../../core/route-stops.ts';
import { orderTaskFromRow } from './order-task.repo.ts';
import { reviveTimeline, timelineJson } from './timeline-json.ts';
import { TERMINAL_STATUSES, TRACKED_STATUSES, TRACKING_STATUSES } from '../../core/order/statuses.ts';
import { statusIn, statusInSql } from '../status-sql.ts';

const OPEN = statusIn('status', TERMINAL_STATUSES, { negate: true });
const TRACKING = statusInSql('status', TRACKING_STATUSES);
const TRACKED = statusInSql('status', TRACKED_STATUSES);

export type DatedColumn = 'created_at' | 'scheduled_at' | 'planned_at' | 'completed_at' | 'cancelled_at' | 'rescheduled_marked_at';

export interface OrderFilter {
  statuses?: OrderStatus[];
  /** Also match attempts that were superseded by a reschedule (the list filter's `rescheduled`). */
  rescheduled?: boolean;
  workerHandle?: string;
  deviceId?: string;
  routeHandle?: string;
  opsGroupHandle?: string;
  planId?: string;
  trackMode?: string;
  planMode?: string;
  fulfillmentAttempt?: number;
  riskStatus?: boolean;
  metadata?: Record<string, unknown>;
  searchTerm?: string;
  ranges?: { column: DatedColumn; from?: Date; to?: Date }[];
  /** Orders whose region contains these keys (`region_filter`). */
  region?: Partial<Region>;
  /** Orders whose worker's profile contains this object (`worker_profile_filter`). */
  workerProfile?: Record<string, unknown>;
  /** true: orders with at least one tracked fix; false: orders without (`tracking_status`). */
  tracked?: boolean;
  /** Orders whose destination (a polygon's centroid) lies in this cell (`destination_geohash`). */
  destinationCell?: GeohashCell;
  /** Orders whose worker is inside the destination geofence now, or not (`worker_inside_destination`). */
  workerInsideDestination?: boolean;
  /** Orders tracked by a device chosen once, when tracking started (`device_switch_mode=manual`). */
  hasDevice?: boolean;
  /** Orders on a route started in this window (`route_started_at_*`). */
  routeStarted?: { from?: Date; to?: Date };
}

export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export interface OrderPage {
  limit: number;
  direction: 'asc' | 'desc';
  after?: OrderCursor;
}

export interface OrderWithTimeline {
  order: Order;
  timeline: TimelineEvent[];
  /** The fixes tracked for this order, as polyline points. */
  polyline: TrackPoint[];
  /** The order's checklist tasks in creation order (absent where the lookup does not read them). */
  tasks?: OrderTask[];
  /** The row's version (PostgreSQL `xmin`), for an optimistic write with `OrderChangeRepo.write`. */
  version?: string;
}

export interface OrderRepo {
  insert(order: Order): Promise<void>;
  update(order: Order): Promise<void>;
  /** Writes the order (inserted or updated) and appends its events in one statement. */
  save(order: Order, events: TimelineEvent[], opts?: { isNew?: boolean }): Promise<void>;
  /** The record a per-order action targets; see `findSql` for how qualifiers resolve. */
  find(accountId: string, key: OrderKey, opts?: { forUpdate?: boolean }): Promise<Order | null>;
  findWithTimeline(accountId: string, key: OrderKey, opts?: { forUpdate?: boolean }): Promise<OrderWithTimeline | null>;
  findByShareCode(shareCode: string): Promise<OrderWithTimeline | null>;
  list(accountId: string, filter: OrderFilter, page: OrderPage): Promise<Order[]>;
  listOnRoute(accountId: string, routeHandle: string, opts?: { forUpdate?: boolean }): Promise<Order[]>;
  /** The account's orders with these ids (any order; missing ids are left out). */
  listByIds(accountId: string, ids: readonly string[], opts?: { forUpdate?: boolean }): Promise<Order[]>;
  /** The planning columns of every order on the routes, in one read (on-demand dispatch reads every open route on each create). */
  listStopsOnRoutes(accountId: string, routeHandles: readonly string[]): Promise<RouteStop[]>;
  /** Every record of a handle: stops pick before drop, by type_index, then attempts in order. */
  listByHandle(accountId: string, orderHandle: string, opts?: { forUpdate?: boolean }): Promise<Order[]>;
  /** The same records with each row's version, for optimistic writes of several stops (Bringg's cancel_task). */
  listVersionsByHandle(accountId: string, orderHandle: string): Promise<{ order: Order; version: string }[]>;
  /** A batch of ongoing orders for the risk sweep, locked; rows another sweeper holds are skipped. */
  lockOngoingBatch(afterId: string | null, limit: number): Promise<Order[]>;
  /** Orders the device's fixes count toward (ongoing) or start (dispatched), locked for the update. */
  listTrackedByDevice(deviceId: string): Promise<Order[]>;
}

type AnyQB = SelectQueryBuilder<DB, 'orders', Selectable<OrdersTable>>;
/** What findSql, FIND_MANY_SQL and findByShareCode select: the row, its version, its timeline and polyline. */
type FoundRow = Selectable<OrdersTable> & { row_version?: string; polyline?: unknown; tasks?: unknown };

// The order's polyline is the device's history between the first and last fix applied to it;
// the CASE spares the lookup for orders that have no fix yet.
const POLYLINE_SQL = `case when (orders.tracking->>'fixCount')::int > 0 then (
  select coalesce(json_agg(json_build_array(l.lng, l.lat, l.altitude,
    to_char(l.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by l.recorded_at), '[]'::json)
  from device_locations l
  where l.device_id = orders.device_id
    and l.recorded_at >= (orders.tracking->>'firstFixAt')::timestamptz
    and l.recorded_at <= (orders.tracking->>'lastFixAt')::timestamptz) else '[]'::json end`;
const polylineColumn = sql.raw<unknown>(POLYLINE_SQL).as('polyline');

// The order object shows its tasks (HyperTrack Order.tasks); one index probe per lookup, and the
// embedded store's read cache stays exact because every task write is an uncached statement.
const TASKS_SQL = `(select coalesce(json_agg(t order by t.seq), '[]'::json) from order_tasks t
  where t.order_id = orders.id and t.account_id = orders.account_id)`;
const versionColumn = sql.raw<string>('orders.xmin::text').as('row_version');

/**
 * Unspecified qualifiers match any value. Among the matches an open attempt wins, then the first
 * stop (pick before drop, lowest type_index) — the stop a driver would do next — then the latest
 * attempt of that stop.
 * GET /orders/{h} and every per-order action start here, so the SQL is written out once per key
 * shape instead of being built by Kysely on every call.
 */
const SELECT_COLUMNS = [...ORDER_COLUMNS, 'timeline'].map((c) => `orders.${c}`).join(', ');
const findSqlCache = new Map<string, string>();
function findSql(key: OrderKey, opts: { forUpdate?: boolean; withTimeline?: boolean }): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const conds: string[] = [];
  const add = (col: string, v: unknown) => {
    params.push(v);
    conds.push(`${col} = $${params.length + 2}`);
  };
  if (key.type !== undefined) add('type', key.type);
  if (key.typeIndex !== undefined) add('type_index', key.typeIndex);
  if (key.fulfillmentAttempt !== undefined) add('fulfillment_attempt', key.fulfillmentAttempt);
  const shape = `${conds.join()}|${opts.forUpdate ? 1 : 0}${opts.withTimeline ? 1 : 0}`;
  let text = findSqlCache.get(shape);
  if (!text) {
    text = `${MARKS.prepared}${opts.forUpdate ? '' : MARKS.cacheable}select ${SELECT_COLUMNS}, orders.xmin::text as row_version${opts.withTimeline ? `, ${POLYLINE_SQL} as polyline, ${TASKS_SQL} as tasks` : ''}
      from orders where account_id = $1 and order_handle = $2${conds.map((c) => ` and ${c}`).join('')}
      order by (${OPEN} and rescheduled_marked_at is null) desc, (type = 'pick') desc,
        type_index asc, fulfillment_attempt desc
      limit 1${opts.forUpdate ? ' for update' : ''}`;
    findSqlCache.set(shape, text);
  }
  return { text, params };
}

/*
 * Concurrent unlocked lookups (GET /orders/{h} and the first read of every per-order action) in
 * one statement: one key per element of $1, each resolved by the same rule as `findSql`, whose
 * row comes back tagged with the key's position. A qualifier left null matches any value.
 */
const FIND_MANY_SQL = `${MARKS.prepared}select k.n as key_n, o.*
  from json_to_recordset($1::json) as k(n int, account_id text, order_handle text, type text, type_index int, fulfillment_attempt int)
  cross join lateral (
    select ${SELECT_COLUMNS}, orders.xmin::text as row_version, ${POLYLINE_SQL} as polyline, ${TASKS_SQL} as tasks
    from orders
    where orders.account_id = k.account_id and orders.order_handle = k.order_handle
      and (k.type is null or orders.type = k.type) and (k.type_index is null or orders.type_index = k.type_index)
      and (k.fulfillment_attempt is null or orders.fulfillment_attempt = k.fulfillment_attempt)
    order by (${statusIn('orders.status', TERMINAL_STATUSES, { negate: true })} and orders.rescheduled_marked_at is null) desc,
      (orders.type = 'pick') desc, orders.type_index asc, orders.fulfillment_attempt desc
    limit 1
  ) o`;

interface Lookup {
  accountId: string;
  key: OrderKey;
}

/** Lookups in flight at once; the pool has more connections, which writes and other reads use. */
const LOOKUPS_IN_FLIGHT = 4;

const withTimeline = (row: FoundRow): OrderWithTimeline => ({
  order: orderFromRow(row),
  version: row.row_version,
  timeline: reviveTimeline(row.timeline),
  polyline: (typeof row.polyline === 'string' ? JSON.parse(row.polyline) : (row.polyline ?? [])) as TrackPoint[],
  ...(row.tasks === undefined ? {} : { tasks: tasksOf(row.tasks) }),
});

const tasksOf = (v: unknown): OrderTask[] => ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>[]).map(orderTaskFromRow);

function applyFilter(q: AnyQB, f: OrderFilter): AnyQB {
  if (f.statuses?.length || f.rescheduled) {
    const statuses = f.statuses ?? [];
    q = q.where((eb) => {
      const ors = [];
      if (statuses.length) ors.push(eb('status', 'in', statuses).and('rescheduled_marked_at', 'is', null));
      if (f.rescheduled) ors.push(eb('rescheduled_marked_at', 'is not', null));
      return eb.or(ors);
    });
  }
  if (f.workerHandle !== undefined) q = q.where('worker_handle', '=', f.workerHandle);
  if (f.deviceId !== undefined) q = q.where('device_id', '=', f.deviceId);
  if (f.routeHandle !== undefined) q = q.where('route_handle', '=', f.routeHandle);
  if (f.opsGroupHandle !== undefined) q = q.where('ops_group_handle', '=', f.opsGroupHandle);
  if (f.planId !== undefined) q = q.where('plan_id', '=', f.planId);
  if (f.trackMode !== undefined) q = q.where('track_mode', '=', f.trackMode);
  if (f.planMode !== undefined) q = q.where('plan_mode', '=', f.planMode);
  if (f.fulfillmentAttempt !== undefined) q = q.where('fulfillment_attempt', '=', f.fulfillmentAttempt);
  if (f.riskStatus !== undefined) q = q.where('at_risk', '=', f.riskStatus);
  if (f.metadata !== undefined) q = q.where(sql<boolean>`metadata @> ${JSON.stringify(f.metadata)}::jsonb`);
  if (f.searchTerm) {
    const like = `%${f.searchTerm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('order_handle', 'ilike', like),
        eb('ops_group_handle', 'ilike', like),
        eb('worker_handle', 'ilike', like),
        eb(sql`metadata::text`, 'ilike', like),
      ]),
    );
  }
  for (const r of f.ranges ?? []) {
    if (r.from) q = q.where(r.column, '>=', r.from);
    if (r.to) q = q.where(r.column, '<', r.to);
  }
  if (f.region !== undefined) q = q.where(sql<boolean>`region @> ${JSON.stringify(f.region)}::jsonb`);
  if (f.tracked !== undefined) q = q.where(sql<boolean>`((tracking->>'fixCount')::int > 0) = ${f.tracked}`);
  if (f.workerInsideDestination !== undefined) {
    q = q.where(sql<boolean>`coalesce((tracking->>'insideDestination')::boolean, false) = ${f.workerInsideDestination}`);
  }
  if (f.hasDevice !== undefined) q = q.where('device_id', f.hasDevice ? 'is not' : 'is', null);
  if (f.destinationCell) {
    const c = f.destinationCell;
    q = q.where(
      sql<boolean>`${DESTINATION_LNG} >= ${c.minLng} and ${DESTINATION_LNG} < ${c.maxLng} and ${DESTINATION_LAT} >= ${c.minLat} and ${DESTINATION_LAT} < ${c.maxLat}`,
    );
  }
  if (f.workerProfile !== undefined) {
    const profile = JSON.stringify(f.workerProfile);
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('workers as w')
          .select(sql`1`.as('one'))
          .whereRef('w.account_id', '=', 'orders.account_id')
          .whereRef('w.worker_handle', '=', 'orders.worker_handle')
          .where(sql<boolean>`w.profile @> ${profile}::jsonb`),
      ),
    );
  }
  if (f.routeStarted) {
    const { from, to } = f.routeStarted;
    q = q.where(({ exists, selectFrom }) => {
      let r = selectFrom('routes as r')
        .select(sql`1`.as('one'))
        .whereRef('r.account_id', '=', 'orders.account_id')
        .whereRef('r.route_handle', '=', 'orders.route_handle')
        .where('r.started_at', 'is not', null);
      if (from) r = r.where('r.started_at', '>=', from);
      if (to) r = r.where('r.started_at', '<', to);
      return exists(r);
    });
  }
  return q;
}

/**
 * The destination's position as Dropline measures it everywhere (core/geo centroidOf): a point's
 * coordinates, or the mean of a polygon's outer-ring vertices without the closing one.
 */
const destinationAxis = (axis: 0 | 1) =>
  sql.raw(`(case when destination->'geometry'->>'type' = 'Point'
    then (destination->'geometry'->'coordinates'->>${axis})::float8
    else (select avg((v.value->>${axis})::float8) from jsonb_array_elements(destination->'geometry'->'coordinates'->0) with ordinality v(value, i)
      where v.i < jsonb_array_length(destination->'geometry'->'coordinates'->0) or jsonb_array_length(destination->'geometry'->'coordinates'->0) = 1) end)`);
const DESTINATION_LNG = destinationAxis(0);
const DESTINATION_LAT = destinationAxis(1);

export class KyselyOrderRepo implements OrderRepo {
  private readonly lookups: StatementBatcher<Lookup, OrderWithTimeline | null> | null;

  /**
   * `batched` (the pool's repository on PostgreSQL): concurrent unlocked lookups share one
   * statement. The embedded store answers them from its read cache instead, whose entries are
   * keyed by single lookups.
   */
  constructor(
    private readonly db: Kysely<DB>,
    batched?: StoreKind,
  ) {
    this.lookups = keyedLookups({
      batched,
      db,
      sql: FIND_MANY_SQL,
      keyJson: ({ accountId, key }: Lookup) => ({
        account_id: accountId,
        order_handle: key.orderHandle,
        type: key.type ?? null,
        type_index: key.typeIndex ?? null,
        fulfillment_attempt: key.fulfillmentAttempt ?? null,
      }),
      fromRow: (row) => withTimeline(row as FoundRow),
      alone: ({ accountId, key }) => this.findOne(accountId, key, {}),
      parallel: LOOKUPS_IN_FLIGHT,
    });
  }

  async insert(order: Order): Promise<void> {
    await this.db.insertInto('orders').values(orderToRow(order)).execute();
  }

  async update(order: Order): Promise<void> {
    const { id, account_id, ...row } = orderToRow(order);
    await this.db.updateTable('orders').set(row).where('id', '=', id).where('account_id', '=', account_id).execute();
  }

  async find(accountId: string, key: OrderKey, opts: { forUpdate?: boolean } = {}): Promise<Order | null> {
    const { text, params } = findSql(key, { forUpdate: opts.forUpdate });
    const { rows } = await this.db.executeQuery<FoundRow>(CompiledQuery.raw(text, [accountId, key.orderHandle, ...params]));
    return rows[0] ? orderFromRow(rows[0]) : null;
  }

  async findWithTimeline(accountId: string, key: OrderKey, opts: { forUpdate?: boolean } = {}): Promise<OrderWithTimeline | null> {
    if (this.lookups && !opts.forUpdate) return this.lookups.submit({ accountId, key });
    return this.findOne(accountId, key, opts);
  }

  private async findOne(accountId: string, key: OrderKey, opts: { forUpdate?: boolean }): Promise<OrderWithTimeline | null> {
    const { text, params } = findSql(key, { forUpdate: opts.forUpdate, withTimeline: true });
    const { rows } = await this.db.executeQuery<FoundRow>(CompiledQuery.raw(text, [accountId, key.orderHandle, ...params]));
    return rows[0] ? withTimeline(rows[0]) : null;
  }

  async findByShareCode(shareCode: string): Promise<OrderWithTimeline | null> {
    const row = await this.db.selectFrom('orders').selectAll().select([polylineColumn, versionColumn]).where('share_code', '=', shareCode).executeTakeFirst();
    return row ? withTimeline(row) : null;
  }

  async list(accountId: string, filter: OrderFilter, page: OrderPage): Promise<Order[]> {
    let q = applyFilter(this.db.selectFrom('orders').selectAll().where('account_id', '=', accountId) as AnyQB, filter);
    if (page.after) {
      const { createdAt, id } = page.after;
      q = q.where(sql<boolean>`(created_at, id) ${sql.raw(page.direction === 'asc' ? '>' : '<')} (${createdAt}, ${id}::uuid)`);
    }
    const rows = await q.orderBy('created_at', page.direction).orderBy('id', page.direction).limit(page.limit).execute();
    return rows.map((r) => orderFromRow(r));
  }

  async lockOngoingBatch(afterId: string | null, limit: number): Promise<Order[]> {
    let q = this.db.selectFrom('orders').selectAll().where(TRACKING);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).forUpdate().skipLocked().execute();
    return rows.map((r) => orderFromRow(r));
  }

  async listTrackedByDevice(deviceId: string): Promise<Order[]> {
    const rows = await this.db.selectFrom('orders').selectAll().where('device_id', '=', deviceId).where(TRACKED).orderBy('id').forUpdate().execute();
    return rows.map((r) => orderFromRow(r));
  }

  async listOnRoute(accountId: string, routeHandle: string, opts: { forUpdate?: boolean } = {}): Promise<Order[]> {
    let q = this.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('route_handle', '=', routeHandle)
      .orderBy('created_at')
      .orderBy('type', 'desc')
      .orderBy('type_index');
    if (opts.forUpdate) q = q.forUpdate();
    return (await q.execute()).map((r) => orderFromRow(r));
  }

  async listByIds(accountId: string, ids: readonly string[], opts: { forUpdate?: boolean } = {}): Promise<Order[]> {
    if (ids.length === 0) return [];
    // One array parameter, whatever the count: the statement's text stays the same.
    let q = this.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
      .orderBy('id');
    if (opts.forUpdate) q = q.forUpdate();
    return (await q.execute()).map((r) => orderFromRow(r));
  }

  async listStopsOnRoutes(accountId: string, routeHandles: readonly string[]): Promise<RouteStop[]> {
    if (routeHandles.length === 0) return [];
    const rows = await this.db
      .selectFrom('orders')
      .select(ROUTE_STOP_COLUMNS)
      .where('account_id', '=', accountId)
      .where('route_handle', 'in', [...routeHandles])
      .orderBy('created_at')
      .orderBy('type', 'desc')
      .orderBy('type_index')
      .execute();
    return rows.map(routeStopFromRow);
  }

  async listVersionsByHandle(accountId: string, orderHandle: string): Promise<{ order: Order; version: string }[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .select(versionColumn)
      .where('account_id', '=', accountId)
      .where('order_handle', '=', orderHandle)
      .orderBy(sql`(type = 'pick')`, 'desc')
      .orderBy('type_index')
      .orderBy('fulfillment_attempt')
      .execute();
    return rows.map((r) => ({ order: orderFromRow(r), version: r.row_version }));
  }

  async listByHandle(accountId: string, orderHandle: string, opts: { forUpdate?: boolean } = {}): Promise<Order[]> {
    let q = this.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('order_handle', '=', orderHandle)
      .orderBy(sql`(type = 'pick')`, 'desc')
      .orderBy('type_index')
      .orderBy('fulfillment_attempt');
    if (opts.forUpdate) q = q.forUpdate();
    return (await q.execute()).map((r) => orderFromRow(r));
  }

  async save(order: Order, events: TimelineEvent[], opts: { isNew?: boolean } = {}): Promise<void> {
    const row = orderToRow(order);
    if (opts.isNew) {
      await this.db
        .insertInto('orders')
        .values({ ...row, timeline: timelineJson(events) })
        .execute();
      return;
    }
    const { id, account_id, ...changes } = row;
    await this.db
      .updateTable('orders')
      .set(events.length ? { ...changes, timeline: sql`dropline_json_append(timeline, ${timelineJson(events)}::json)` } : changes)
      .where('id', '=', id)
      .where('account_id', '=', account_id)
      .execute();
  }
}
