import { CompiledQuery, type Kysely } from 'kysely';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { DB } from '../schema.ts';
import type { LiveSink } from '../live-publisher.ts';
import { ORDER_COLUMNS, orderRecord } from './order-row.ts';
import { ROUTE_COLUMNS, routeRecord } from './route.repo.ts';
import { timelineJson } from './timeline-json.ts';
import type { NewOutboxEvent } from './webhook-outbox.repo.ts';

/** Everything one order change writes; `OrderChangeRepo.write` sends it as a single statement. */
export interface OrderChangeWrite {
  order: Order;
  /** Appended to the order's timeline (the whole timeline when `isNew`). */
  events: TimelineEvent[];
  isNew: boolean;
  /** Optimistic concurrency: write only if the row is still at this version (see `OrderWithTimeline.version`). */
  expectedVersion?: string;
  outbox: NewOutboxEvent[];
  /** The live event, sent once the write has committed (see LivePublisher). */
  live: object | null;
  /** Close the order's route (at the order's `updatedAt`) when no other open order is left on it. */
  completeRoute: boolean;
  /** A new route inserted in the same statement (the order's route on creation). */
  newRoute?: Route;
}

export interface OrderChangeRepo {
  /**
   * Writes the order (insert or update), its timeline events, its webhook outbox rows, the route
   * it creates or completes — in ONE statement, so the change is atomic
   * even outside a transaction and costs one round trip. Returns false when `expectedVersion` no
   * longer matches (nothing was written).
   */
  write(w: OrderChangeWrite): Promise<boolean>;
}

const list = (cols: readonly string[], prefix = '') => cols.map((c) => `${prefix}${c}`).join(', ');

/*
 * Why one statement: each statement is a round trip, and round trips (with their parse, plan and
 * socket wake-ups on both sides) were most of a lifecycle write's cost. Data-modifying CTEs all
 * commit or fail together. The outbox insert and the route update read from `u`, so they run only
 * when the order row was written, after its row lock is held: an order's events still get
 * ascending ids in commit order, and a version conflict writes nothing at all.
 * The row version is `xmin`, the id of the transaction that wrote the row: every writer changes
 * it, including ones that know nothing about optimistic checks.
 * The route check sees the statement's snapshot, in which this order is still open: hence `x.id <> $8`.
 * Keys are parameters, not joins on `u`, so even a generic plan made on a small table uses the indexes.
 */
const WRITE_SQL = `${MARKS.prepared}with
rec as materialized (select * from json_populate_record(null::orders, $1::json)),
ins as (
  insert into orders (${list(ORDER_COLUMNS)}, timeline)
  select ${list(ORDER_COLUMNS)}, $2::json from rec where $3::boolean
  returning id, account_id, route_handle
),
upd as (
  update orders o set ${ORDER_COLUMNS.filter((c) => c !== 'id' && c !== 'account_id')
    .map((c) => `${c} = rec.${c}`)
    .join(', ')}, timeline = dropline_json_append(o.timeline, $2::json)
  from rec
  where not $3::boolean and o.id = $8::uuid and o.account_id = $9::text
    and ($4::text is null or o.xmin::text = $4::text)
  returning o.id, o.account_id, o.route_handle
),
u as (select * from ins union all select * from upd),
ev as (
  insert into webhook_events (account_id, order_id, type, recorded_at, created_at, subject)
  select x.e->>'account_id', (x.e->>'order_id')::uuid, x.e->>'type', (x.e->>'recorded_at')::timestamptz,
         (x.e->>'created_at')::timestamptz, x.e->'subject'
  from u cross join json_array_elements($5::json) with ordinality as x(e, n)
  order by x.n
  returning 1
),
rt as (
  insert into routes (${list(ROUTE_COLUMNS)})
  select ${list(ROUTE_COLUMNS)} from json_populate_record(null::routes, $7::json) where $7::json is not null
  returning 1
),
rc as (
  update routes r set status = 'completed', completed_at = $6::timestamptz, updated_at = $6::timestamptz, version = r.version + 1
  where $6::timestamptz is not null and r.account_id = $9::text and r.route_handle = $10::text
    and r.status <> 'completed'
    and exists (select 1 from u)
    and not exists (
      select 1 from orders x
      where x.account_id = $9::text and x.route_handle = $10::text and x.id <> $8::uuid
        and x.status not in ('completed', 'cancelled') and x.rescheduled_marked_at is null)
  returning 1
)
select (select count(*) from u)::int as written,
       (select count(*) from ev)::int as events, (select count(*) from rt)::int as routes, (select count(*) from rc)::int as completed`;

export class KyselyOrderChangeRepo implements OrderChangeRepo {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live: LiveSink,
  ) {}

  async write(w: OrderChangeWrite): Promise<boolean> {
    const o = w.order;
    const res = await this.db.executeQuery<{ written: number }>(
      CompiledQuery.raw(WRITE_SQL, [
        JSON.stringify(orderRecord(o)),
        timelineJson(w.events),
        w.isNew,
        w.expectedVersion ?? null,
        JSON.stringify(
          w.outbox.map((e) => ({
            account_id: e.accountId,
            order_id: e.orderId,
            type: e.type,
            recorded_at: e.recordedAt,
            created_at: e.createdAt,
            subject: e.subject,
          })),
        ),
        w.completeRoute ? o.updatedAt : null,
        w.newRoute ? JSON.stringify(routeRecord(w.newRoute)) : null,
        o.id,
        o.accountId,
        w.completeRoute ? o.routeHandle : null,
      ]),
    );
    const written = Number(res.rows[0]?.written ?? 0) > 0;
    if (written && w.live !== null) this.live([JSON.stringify(w.live)]);
    return written;
  }
}
