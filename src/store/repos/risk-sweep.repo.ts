import { CompiledQuery, type Kysely } from 'kysely';
import type { DeviceState } from '../../core/tracking/device-state.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { LiveSink } from '../live-publisher.ts';
import type { DB } from '../schema.ts';
import { deviceStateFromRow } from './device-state.repo.ts';
import { TRACKING_RECORD_TYPES, type TrackedOrder, type TrackedOrderWrite, trackingRecord } from './ingest.repo.ts';
import { ORDER_COLUMNS, type OrderRow, orderFromRow } from './order-row.ts';
import { type NewOutboxEvent, OUTBOX_RECORD_TYPES, outboxRecord } from './webhook-outbox.repo.ts';
import { TRACKING_STATUSES } from '../../core/order/statuses.ts';
import { statusIn } from '../status-sql.ts';

const O_TRACKING = statusIn('o.status', TRACKING_STATUSES);

/** A claimed order as read for evaluation, without locks. */
export interface SweptOrder extends TrackedOrder {
  device: DeviceState | null;
  /** The device's history version (0 = never heard), to trust a cached recent-fix window. */
  historyVersion: number;
}

/** One claimed order's outcome: a tracking change to write (only when its risks or ETA news moved) and its next check. */
export interface SweepOutcome {
  orderId: string;
  /** The change, written only if the row is still at `version`. */
  write: (TrackedOrderWrite & { version: string; outbox: readonly NewOutboxEvent[]; live: object }) | null;
  /** The next check; null = none (the order is no longer ongoing). */
  dueAt: Date | null;
}

/**
 * The risk sweep's statements (docs/storage.md "The risk sweep"). None holds a lock beyond its
 * own statement, and the two that write take their rows with SKIP LOCKED: the sweep never waits
 * for ingest or an order change, so it can neither stall them for long nor deadlock with them.
 */
export interface RiskSweepRepo {
  /**
   * Takes up to `limit` orders whose check is due at `now` and moves their due time to `lease`
   * (a value no other writer uses), in one statement that commits at once: another process's
   * sweep does not take them, and a process that dies mid-sweep loses them only until `lease`.
   */
  claimDue(now: Date, lease: string, limit: number): Promise<string[]>;
  /** The claimed orders that are still ongoing, each with its row version and its device's state. */
  load(orderIds: readonly string[]): Promise<SweptOrder[]>;
  /**
   * ONE statement: each change written only if its order is still at its version and not locked
   * by a writer right now, its outbox rows with it; every claim still holding `lease` gets its
   * next due time (an order whose change could not be written is due again at `now`). Returns the
   * ids written.
   */
  finish(outcomes: readonly SweepOutcome[], lease: string, now: Date): Promise<Set<string>>;
  /** Every ongoing order of the account is checked at the next sweep (its thresholds changed). */
  checkAccountNow(accountId: string): Promise<void>;
}

const CLAIM = `${MARKS.prepared}update risk_checks c set due_at = $2::timestamptz
  from (
    select order_id from risk_checks where due_at <= $1::timestamptz
    order by due_at limit $3 for update skip locked
  ) d
  where c.order_id = d.order_id
  returning c.order_id`;

const DEVICE_COLUMNS = [
  'device_id',
  'account_id',
  'recorded_at',
  'lng',
  'lat',
  'altitude',
  'accuracy',
  'speed',
  'bearing',
  'battery',
  'activity',
  'last_seen_at',
  'history_version',
];
/** The joined device columns (`d_*`) of a LOAD row as a `device_state` row. */
const deviceRow = (r: Record<string, unknown>) => Object.fromEntries(DEVICE_COLUMNS.map((c) => [c, r[`d_${c}`]])) as unknown as DB['device_state'];

/** LOAD's row: the order's columns, its version, and the device's columns prefixed `d_`. */
type LoadRow = OrderRow & { row_version: string } & { [K in `d_${string}`]: unknown };

// The planned path too: a swept order's deviation is measured against it like a fixed one's.
const LOAD = `${MARKS.prepared}select ${ORDER_COLUMNS.map((c) => `o.${c}`).join(', ')}, o.expected_path, o.xmin::text as row_version,
    ${DEVICE_COLUMNS.map((c) => `d.${c} as d_${c}`).join(', ')}
  from orders o left join device_state d on d.device_id = o.device_id
  where o.id = any(array(select value::uuid from json_array_elements_text($1::json) as v)) and ${O_TRACKING}`;

/*
 * $1: every claimed order (`trackingRecord` plus `write` and `due`); $2: outbox rows of the
 * changes, each with the order it goes with (`gate`); $3: now; $4: the claims' lease. The order rows and the claims are taken with SKIP
 * LOCKED: a row a writer holds is left alone (that writer re-assesses the order, or it is checked
 * again at the next sweep).
 */
const FINISH = `${MARKS.prepared}with r as materialized (
    select * from json_to_recordset($1::json) as r(${TRACKING_RECORD_TYPES}, write boolean, due timestamptz)
  ), lk as (
    select o.id from orders o join r on r.id = o.id
    where r.write and o.xmin::text = r.version and ${O_TRACKING}
    for update of o skip locked
  ), saved as (
    update orders o set tracking = r.tracking, at_risk = r.at_risk, updated_at = r.updated_at
    from r where o.id = r.id and o.id = any(array(select id from lk)) and o.xmin::text = r.version
    returning o.id
  ), queued as (
    insert into webhook_events (account_id, order_id, type, recorded_at, created_at, subject)
    select e.account_id, e.order_id, e.type, e.recorded_at, e.created_at, e.subject
    from json_to_recordset($2::json) as e(${OUTBOX_RECORD_TYPES}, gate uuid)
    where e.gate = any(array(select id from saved))
  ), claims as (
    select c.order_id from risk_checks c
    where c.order_id = any(array(select id from r)) and c.due_at = $4::timestamptz
    for update skip locked
  ), due as (
    update risk_checks c set due_at = case
        when r.write and r.id <> all(array(select id from saved)) then $3::timestamptz
        else coalesce(r.due, 'infinity') end
    from r where c.order_id = r.id and c.order_id = any(array(select order_id from claims))
  )
  select coalesce((select json_agg(id) from saved), '[]'::json) as saved`;

const CHECK_ACCOUNT_NOW = `update risk_checks c set due_at = '-infinity'
  from orders o where o.account_id = $1 and ${O_TRACKING} and c.order_id = o.id`;

export class KyselyRiskSweepRepo implements RiskSweepRepo {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live: LiveSink,
  ) {}

  private async run<R>(text: string, params: unknown[]): Promise<R[]> {
    return (await this.db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
  }

  async claimDue(now: Date, lease: string, limit: number): Promise<string[]> {
    const rows = await this.run<{ order_id: string }>(CLAIM, [now.toISOString(), lease, limit]);
    return rows.map((r) => r.order_id);
  }

  async load(orderIds: readonly string[]): Promise<SweptOrder[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.run<LoadRow>(LOAD, [JSON.stringify(orderIds)]);
    return rows.map((r) => ({
      order: orderFromRow(r),
      version: r.row_version,
      historyVersion: Number(r.d_history_version ?? 0),
      device: r.d_device_id ? deviceStateFromRow(deviceRow(r)) : null,
    }));
  }

  async finish(outcomes: readonly SweepOutcome[], lease: string, now: Date): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const records = outcomes.map((o) =>
      o.write
        ? { ...trackingRecord(o.write, o.write.version), write: true, due: o.dueAt?.toISOString() ?? null }
        : { id: o.orderId, write: false, due: o.dueAt?.toISOString() ?? null },
    );
    // `gate`: the order whose write carries the row (a device event's order_id is its stream key).
    const outbox = outcomes.flatMap((o) => (o.write ? o.write.outbox.map((e) => ({ ...outboxRecord(e), gate: o.orderId })) : []));
    const [row] = await this.run<{ saved: unknown }>(FINISH, [JSON.stringify(records), JSON.stringify(outbox), now.toISOString(), lease]);
    const raw = row?.saved ?? [];
    const saved = new Set((typeof raw === 'string' ? JSON.parse(raw) : raw) as string[]);
    const live = outcomes.flatMap((o) => (o.write && saved.has(o.orderId) ? [JSON.stringify(o.write.live)] : []));
    if (live.length > 0) this.live(live);
    return saved;
  }

  async checkAccountNow(accountId: string): Promise<void> {
    await this.run(CHECK_ACCOUNT_NOW, [accountId]);
  }
}
