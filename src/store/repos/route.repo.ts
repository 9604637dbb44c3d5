import { type Kysely, sql } from 'kysely';
import type { PlanMode, TrackMode } from '../../core/order/types.ts';
import type { Route, RouteStatus } from '../../core/route.ts';
import type { ExpectedPath } from '../../core/tracking/expected-path.ts';
import { expectedPathRecord } from './order-row.ts';
import type { DB } from '../schema.ts';
import { TERMINAL_STATUSES } from '../../core/order/statuses.ts';
import { statusInSql } from '../status-sql.ts';

const OPEN_ORDER = statusInSql('orders.status', TERMINAL_STATUSES, { negate: true });

export interface RouteRepo {
  insert(route: Route): Promise<void>;
  update(route: Route): Promise<void>;
  find(accountId: string, routeHandle: string, opts?: { forUpdate?: boolean }): Promise<Route | null>;
  /**
   * Marks the route completed when no open order other than `exceptOrderId` is left on it; one
   * statement, so concurrent finishes of a route's last two orders cannot both miss it.
   */
  completeIfDone(accountId: string, routeHandle: string, exceptOrderId: string, now: Date): Promise<void>;
  /** The worker's route that has not started yet, which new assignments join. */
  findOpenForWorker(accountId: string, workerHandle: string): Promise<Route | null>;
  /** `findOpenForWorker` for every worker of the account that has such a route (on-demand dispatch). */
  listOpenForWorkers(accountId: string): Promise<Route[]>;
  /**
   * Stores the paths planned for the route's orders (null clears one), only while the route is
   * still at `version` and each order still on it: a path drawn for a sequence that changed
   * meanwhile is dropped, since the change draws its own. One statement; returns the orders written.
   */
  setExpectedPaths(
    accountId: string,
    routeHandle: string,
    version: number,
    paths: readonly { orderId: string; expectedPath: ExpectedPath | null }[],
  ): Promise<number>;
  /** `count` fresh integer ids for the routes a plan run makes (Bringg `run_id`), never given twice. */
  nextRunIds(count: number): Promise<number[]>;
}

const fromRow = (r: DB['routes']): Route => ({
  accountId: r.account_id,
  routeHandle: r.route_handle,
  planId: r.plan_id,
  status: r.status as RouteStatus,
  version: r.version,
  workerHandle: r.worker_handle,
  deviceId: r.device_id,
  opsGroupHandle: r.ops_group_handle,
  trackMode: r.track_mode as TrackMode | null,
  planMode: r.plan_mode as PlanMode,
  metadata: (typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown>,
  createdAt: r.created_at,
  plannedAt: r.planned_at,
  assignedAt: r.assigned_at,
  startedAt: r.started_at,
  completedAt: r.completed_at,
  updatedAt: r.updated_at,
  stopSequence: (typeof r.stop_sequence === 'string' ? JSON.parse(r.stop_sequence) : (r.stop_sequence ?? [])) as string[],
});

/** The row as plain values (metadata as the object): what `json_populate_record(null::routes, …)` takes. */
export const routeRecord = (r: Route) => ({
  account_id: r.accountId,
  route_handle: r.routeHandle,
  plan_id: r.planId,
  status: r.status,
  version: r.version,
  worker_handle: r.workerHandle,
  device_id: r.deviceId,
  ops_group_handle: r.opsGroupHandle,
  track_mode: r.trackMode,
  plan_mode: r.planMode,
  metadata: r.metadata as unknown,
  created_at: r.createdAt,
  planned_at: r.plannedAt,
  assigned_at: r.assignedAt,
  started_at: r.startedAt,
  completed_at: r.completedAt,
  updated_at: r.updatedAt,
  stop_sequence: r.stopSequence as unknown,
});

const toRow = (r: Route) => ({ ...routeRecord(r), metadata: JSON.stringify(r.metadata), stop_sequence: JSON.stringify(r.stopSequence) });

export const ROUTE_COLUMNS = Object.keys(routeRecord({ metadata: {}, stopSequence: [] } as unknown as Route)) as (keyof ReturnType<typeof routeRecord>)[];

export class KyselyRouteRepo implements RouteRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(route: Route): Promise<void> {
    await this.db.insertInto('routes').values(toRow(route)).execute();
  }

  async update(route: Route): Promise<void> {
    const { account_id, route_handle, ...row } = toRow(route);
    await this.db.updateTable('routes').set(row).where('account_id', '=', account_id).where('route_handle', '=', route_handle).execute();
  }

  async find(accountId: string, routeHandle: string, opts: { forUpdate?: boolean } = {}): Promise<Route | null> {
    let q = this.db.selectFrom('routes').selectAll().where('account_id', '=', accountId).where('route_handle', '=', routeHandle);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? fromRow(row as DB['routes']) : null;
  }

  async completeIfDone(accountId: string, routeHandle: string, exceptOrderId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('routes')
      .set((eb) => ({ status: 'completed', completed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('account_id', '=', accountId)
      .where('route_handle', '=', routeHandle)
      .where('status', '<>', 'completed')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('orders')
              .select('id')
              .where('account_id', '=', accountId)
              .where('route_handle', '=', routeHandle)
              .where('id', '<>', exceptOrderId)
              .where(OPEN_ORDER)
              .where('rescheduled_marked_at', 'is', null),
          ),
        ),
      )
      .execute();
  }

  async nextRunIds(count: number): Promise<number[]> {
    if (count <= 0) return [];
    const { rows } = await sql<{ id: string }>`select nextval('plan_run_route_ids')::text as id from generate_series(1, ${count})`.execute(this.db);
    return rows.map((r) => Number(r.id));
  }

  async findOpenForWorker(accountId: string, workerHandle: string): Promise<Route | null> {
    const row = await this.db
      .selectFrom('routes')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('worker_handle', '=', workerHandle)
      .where('status', '=', 'assigned')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? fromRow(row as DB['routes']) : null;
  }

  async listOpenForWorkers(accountId: string): Promise<Route[]> {
    const rows = await this.db
      .selectFrom('routes')
      .selectAll()
      .distinctOn('worker_handle')
      .where('account_id', '=', accountId)
      .where('worker_handle', 'is not', null)
      .where('status', '=', 'assigned')
      .orderBy('worker_handle')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => fromRow(r as DB['routes']));
  }

  async setExpectedPaths(
    accountId: string,
    routeHandle: string,
    version: number,
    paths: readonly { orderId: string; expectedPath: ExpectedPath | null }[],
  ): Promise<number> {
    if (paths.length === 0) return 0;
    const rows = JSON.stringify(paths.map((p) => ({ id: p.orderId, path: expectedPathRecord(p.expectedPath) })));
    // The share lock waits for a route operation in flight; its commit then fails the version check.
    const { numAffectedRows } = await sql`with r as (
        select 1 from routes where account_id = ${accountId} and route_handle = ${routeHandle} and version = ${version} for share
      )
      update orders o set expected_path = p.path
      from json_to_recordset(${rows}::json) as p(id uuid, path jsonb), r
      where o.id = p.id and o.account_id = ${accountId} and o.route_handle = ${routeHandle}
        and o.expected_path is distinct from p.path`.execute(this.db);
    return Number(numAffectedRows ?? 0);
  }
}
