import { CompiledQuery, type Kysely } from 'kysely';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import type { DeviceState } from '../../core/tracking/device-state.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { DB } from '../schema.ts';
import type { LiveSink } from '../live-publisher.ts';
import { type NewOutboxEvent, OUTBOX_RECORD_TYPES, outboxRecord } from './webhook-outbox.repo.ts';
import { type OrderRow, orderFromRow } from './order-row.ts';
import { timelineEntries } from './timeline-json.ts';
import { deviceStateFromRow } from './device-state.repo.ts';
import { type FixColumns, fixFromColumns } from './fix-columns.ts';
import { TRACKED_STATUSES, TRACKING_STATUSES } from '../../core/order/statuses.ts';
import { statusIn } from '../status-sql.ts';

/** A device's live state with the counter that changes whenever its history may have. */
export interface LockedState {
  state: DeviceState | null;
  /** 0 before the device was ever heard from; bumped by every `storeFixes`. */
  historyVersion: number;
}

/** A tracking-only order change: tracking (with risks and ETA), updated_at and timeline events. */
export interface TrackedOrderWrite {
  order: Order;
  events: TimelineEvent[];
  /** When the risk sweep should next look at the order (`nextRiskCheckAt`); null = not ongoing. */
  riskDueAt: Date | null;
}

/** An order as read, with its row version (`xmin`). */
export interface TrackedOrder {
  order: Order;
  version: string;
}

/**
 * A whole group written from what the process remembers of its devices, without reading or
 * locking first (`IngestRepo.writeFresh`). Every fix is newer than its device's last one, so none
 * can be stored already.
 */
export interface FreshGroup {
  /** Each device's next state, written only if its history version is still `expectedVersion`. */
  states: readonly { state: DeviceState; expectedVersion: number }[];
  fixes: readonly { deviceId: string; fix: Fix }[];
  /** Written only if each row's version is still `version`. */
  orders: readonly (TrackedOrderWrite & { version: string })[];
  /** The devices whose ongoing and dispatched orders must be exactly `orders`' (no new one). */
  trackingDeviceIds: readonly string[];
  /** Devices heard without a new fix: their ongoing orders' risks are checked at the next sweep. */
  heardDeviceIds: readonly string[];
  outbox: readonly NewOutboxEvent[];
  live: readonly object[];
  receivedAt: Date;
}

/** The SQLSTATE `dropline_stale_unless` raises (migration 010). */
const STALE = 'DLST1';
/** Two writers locking the same rows in opposite orders: PostgreSQL aborted this one. */
const DEADLOCK = '40P01';
/** A fix of the group was stored meanwhile (by another process: this one's are newer than its last). */
const DUPLICATE = '23505';

/**
 * The location pipeline's statements for a whole group of devices at once, as fixed SQL: the hot
 * path pays no query building, and each step is one round trip however many devices and fixes
 * the group holds. Rows travel as one JSON parameter (`json_to_recordset`), which both drivers
 * pass as plain text, so there is no array serialisation to disagree on. Each is a prepared
 * statement on PostgreSQL: parsing and planning the long CTEs cost more than running them.
 */
export interface IngestRepo {
  /** Locks the devices' state rows in device order (concurrent groups never deadlock). */
  lockStates(deviceIds: readonly string[]): Promise<Map<string, LockedState>>;
  /**
   * Appends the fixes (a fix already stored for its device and time is skipped) and writes each
   * device's next state, bumping its history version. Returns the stored fixes' keys
   * (`deviceId|epochMs`).
   */
  storeFixes(fixes: readonly { deviceId: string; fix: Fix }[], states: readonly DeviceState[], receivedAt: Date): Promise<Set<string>>;
  /** The devices' ongoing and dispatched orders, locked in id order. */
  lockTrackedOrders(deviceIds: readonly string[]): Promise<TrackedOrder[]>;
  /** Per device, its newest `limit` fixes recorded since `since`, oldest first. */
  recentFixes(deviceIds: readonly string[], since: Date, limit: number): Promise<Map<string, Fix[]>>;
  /**
   * The group's last step, one statement: tracking-only changes of many orders (with their
   * timeline events) and their webhook outbox rows; the live events are sent once the group's
   * transaction has committed. Returns each written order's new row version.
   */
  finish(work: FinishWork): Promise<Map<string, string>>;
  /**
   * The whole group as ONE statement, outside any transaction: fixes, device states, orders'
   * tracking and outbox rows. It applies only if no row changed since the versions given and no
   * tracked order was added (else it rolls itself back and returns null); the live events are
   * sent once it applied. Returns each written order's new row version.
   */
  writeFresh(group: FreshGroup): Promise<Map<string, string> | null>;
}

/** The locked path's last step (`IngestRepo.finish`). */
export interface FinishWork {
  orders: readonly TrackedOrderWrite[];
  outbox: readonly NewOutboxEvent[];
  live: readonly object[];
  /** Devices heard without a new fix: their ongoing orders' risks are checked at the next sweep. */
  heardDeviceIds: readonly string[];
}

export const fixKey = (deviceId: string, recordedAt: Date) => `${deviceId}|${recordedAt.getTime()}`;

const FIX_COLUMNS = 'recorded_at, lng, lat, altitude, accuracy, speed, bearing, battery, activity';
const FIX_TYPES =
  'recorded_at timestamptz, lng float8, lat float8, altitude float8, accuracy float8, speed float8, bearing float8, battery float8, activity text';

const fixColumnsOf = (alias: string) =>
  FIX_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
const setFixColumnsFrom = (alias: string) =>
  FIX_COLUMNS.split(', ')
    .map((c) => `${c} = ${alias}.${c}`)
    .join(', ');
const TRACKED = statusIn('status', TRACKED_STATUSES);

/** The group's fixes ($fixes, `fixRecord`s) appended to the history, stamped with $receivedAt. */
const INSERT_FIXES = (fixes: string, receivedAt: string) => `insert into device_locations (device_id, ${FIX_COLUMNS}, received_at)
    select f.device_id, ${fixColumnsOf('f')}, ${receivedAt}::timestamptz
    from json_to_recordset(${fixes}::json) as f(device_id text, ${FIX_TYPES})`;

/** The columns of a `trackingRecord` as `json_to_recordset` reads them. */
export const TRACKING_RECORD_TYPES =
  'id uuid, account_id text, version text, tracking jsonb, at_risk boolean, updated_at timestamptz, events json, risk_due timestamptz';

/** Tracking-only order changes ($changes, `trackingRecord`s) and their timeline events; `guard` narrows the rows. */
const UPDATE_TRACKING = (changes: string, guard = '') => `update orders o set
      tracking = r.tracking, at_risk = r.at_risk, updated_at = r.updated_at,
      timeline = case when r.events is null then o.timeline else dropline_json_append(o.timeline, r.events) end
    from json_to_recordset(${changes}::json) as r(${TRACKING_RECORD_TYPES})
    where o.id = r.id and o.account_id = r.account_id${guard}
    returning o.id, o.xmin::text as version, r.risk_due`;

/**
 * The written orders' next risk check (`saved`: UPDATE_TRACKING's rows). A separate table, so the
 * order update stays HOT (migration 011); dispatched orders have no row and match nothing.
 */
const SET_RISK_DUE = `update risk_checks c set due_at = s.risk_due from saved s where c.order_id = s.id and s.risk_due is not null`;

/** Ongoing orders of devices heard without a fix ($ids): a heartbeat moves in_outage and is_offline. */
const O_TRACKING = statusIn('o.status', TRACKING_STATUSES);
const RISK_CHECK_NOW = (ids: string) => `update risk_checks c set due_at = '-infinity'
    from orders o where o.device_id = ${IDS(ids)} and ${O_TRACKING} and c.order_id = o.id`;

/** New webhook events ($events, `outboxRecord`s). */
export const QUEUE_OUTBOX = (events: string) => `insert into webhook_events (account_id, order_id, type, recorded_at, created_at, subject)
    select e.account_id, e.order_id, e.type, e.recorded_at, e.created_at, e.subject
    from json_to_recordset(${events}::json) as e(${OUTBOX_RECORD_TYPES})`;

/** `= any(array(…))` rather than `in (select …)`: an array lets the planner use the index. */
export const IDS = (param: string) => `any(array(select value from json_array_elements_text(${param}::json)))`;

const LOCK_STATES = `${MARKS.prepared}select * from device_state where device_id = ${IDS('$1')} order by device_id for update`;

// One statement: the history insert and the state upsert see the same snapshot, and neither
// touches the other's table.
const STORE_FIXES = `${MARKS.prepared}with ins as (
    ${INSERT_FIXES('$1', '$2')}
    on conflict (device_id, recorded_at) do nothing
    returning device_id, recorded_at
  ), st as (
    insert into device_state (device_id, account_id, ${FIX_COLUMNS}, last_seen_at, history_version)
    select s.device_id, s.account_id, ${fixColumnsOf('s')}, s.last_seen_at, 1
    from json_to_recordset($3::json) as s(device_id text, account_id text, ${FIX_TYPES}, last_seen_at timestamptz)
    on conflict (device_id) do update set
      ${setFixColumnsFrom('excluded')},
      account_id = excluded.account_id, last_seen_at = excluded.last_seen_at,
      history_version = device_state.history_version + 1
  )
  select device_id, recorded_at from ins`;

const LOCK_ORDERS = `${MARKS.prepared}select *, xmin::text as row_version from orders
  where device_id = ${IDS('$1')} and ${TRACKED}
  order by id for update`;

const RECENT_FIXES = `${MARKS.prepared}select d.value as device_id, w.*
  from json_array_elements_text($1::json) as d
  cross join lateral (
    select ${FIX_COLUMNS} from device_locations l
    where l.device_id = d.value and l.recorded_at >= $2::timestamptz
    order by l.recorded_at desc limit $3
  ) w`;

const FINISH = `${MARKS.prepared}with saved as (
    ${UPDATE_TRACKING('$1')}
  ), due as (
    ${SET_RISK_DUE}
  ), heard as (
    ${RISK_CHECK_NOW('$3')}
  ), queued as (
    ${QUEUE_OUTBOX('$2')}
    returning 1
  )
  select (select json_agg(saved) from saved) as versions, (select count(*) from queued) as queued`;

/**
 * Each write carries the version it was computed from, and the last select raises (rolling the
 * statement back) unless every one applied: under READ COMMITTED an update re-checks its
 * condition on the newest committed row, so a concurrent writer is always noticed. A fix stored
 * meanwhile by another process (same device and time) fails the plain insert's primary key, which
 * rolls the statement back as well (cheaper than ON CONFLICT's speculative insertion per row).
 */
const WRITE_FRESH = `${MARKS.prepared}with st as (
    update device_state s set ${setFixColumnsFrom('r')}, last_seen_at = r.last_seen_at, history_version = s.history_version + 1
    from json_to_recordset($1::json) as r(device_id text, expected bigint, ${FIX_TYPES}, last_seen_at timestamptz)
    where s.device_id = r.device_id and s.history_version = r.expected
    returning 1
  ), saved as (
    ${UPDATE_TRACKING('$2', ` and o.xmin::text = r.version and o.${TRACKED}`)}
  ), tracked as (
    select count(*) as n from orders where device_id = ${IDS('$3')} and ${TRACKED}
  ), ins as (
    ${INSERT_FIXES('$4', '$5')}
  ), queued as (
    ${QUEUE_OUTBOX('$6')}
  ), due as (
    ${SET_RISK_DUE}
  ), heard as (
    ${RISK_CHECK_NOW('$9')}
  )
  select dropline_stale_unless(
      (select count(*) from st) = $7 and (select count(*) from saved) = $8 and (select n from tracked) = $8
    ) as ok,
    (select json_agg(saved) from saved) as versions`;

export const fixJson = (f: Fix | null) => ({
  recorded_at: f?.recordedAt.toISOString() ?? null,
  lng: f?.lng ?? null,
  lat: f?.lat ?? null,
  altitude: f?.altitude ?? null,
  accuracy: f?.accuracy ?? null,
  speed: f?.speed ?? null,
  bearing: f?.bearing ?? null,
  battery: f?.battery ?? null,
  activity: f?.activity ?? null,
});

/** A device's fix as the statements' JSON row. */
const fixRecord = (deviceId: string, fix: Fix) => ({ device_id: deviceId, ...fixJson(fix) });
/** A device's state (its newest fix and when it was heard) as the statements' JSON row. */
const stateRecord = (s: DeviceState) => ({ device_id: s.deviceId, account_id: s.accountId, ...fixJson(s.lastFix), last_seen_at: s.lastSeenAt.toISOString() });

export class KyselyIngestRepo implements IngestRepo {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live: LiveSink,
  ) {}

  private async run<R>(text: string, params: unknown[]): Promise<R[]> {
    return (await this.db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
  }

  async lockStates(deviceIds: readonly string[]): Promise<Map<string, LockedState>> {
    const out = new Map<string, LockedState>();
    if (deviceIds.length === 0) return out;
    const rows = await this.run<DB['device_state'] & { history_version: string | number }>(LOCK_STATES, [JSON.stringify(deviceIds)]);
    for (const r of rows) {
      out.set(r.device_id, {
        historyVersion: Number(r.history_version),
        state: deviceStateFromRow(r),
      });
    }
    return out;
  }

  async storeFixes(fixes: readonly { deviceId: string; fix: Fix }[], states: readonly DeviceState[], receivedAt: Date): Promise<Set<string>> {
    const rows = await this.run<{ device_id: string; recorded_at: Date }>(STORE_FIXES, [
      JSON.stringify(fixes.map(({ deviceId, fix }) => fixRecord(deviceId, fix))),
      receivedAt.toISOString(),
      JSON.stringify(states.map(stateRecord)),
    ]);
    return new Set(rows.map((r) => fixKey(r.device_id, new Date(r.recorded_at))));
  }

  async lockTrackedOrders(deviceIds: readonly string[]): Promise<TrackedOrder[]> {
    if (deviceIds.length === 0) return [];
    const rows = await this.run<OrderRow & { row_version: string }>(LOCK_ORDERS, [JSON.stringify(deviceIds)]);
    return rows.map((r) => ({ order: orderFromRow(r), version: r.row_version }));
  }

  async recentFixes(deviceIds: readonly string[], since: Date, limit: number): Promise<Map<string, Fix[]>> {
    const out = new Map<string, Fix[]>(deviceIds.map((id) => [id, []]));
    if (deviceIds.length === 0) return out;
    const rows = await this.run<FixColumns & { device_id: string }>(RECENT_FIXES, [JSON.stringify(deviceIds), since.toISOString(), limit]);
    for (const r of rows) out.get(r.device_id)?.push(fixFromColumns({ ...r, recorded_at: new Date(r.recorded_at) }));
    for (const list of out.values()) list.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
    return out;
  }

  async finish(work: FinishWork): Promise<Map<string, string>> {
    if (work.orders.length + work.outbox.length + work.live.length + work.heardDeviceIds.length === 0) return new Map();
    const [row] = await this.run<{ versions: unknown }>(FINISH, [
      JSON.stringify(work.orders.map((w) => trackingRecord(w))),
      // Dates become the same ISO text as toISOString() inside JSON.stringify.
      JSON.stringify(work.outbox.map(outboxRecord)),
      JSON.stringify(work.heardDeviceIds),
    ]);
    this.live(work.live.map((e) => JSON.stringify(e)));
    return versionsOf(row?.versions);
  }

  async writeFresh(g: FreshGroup): Promise<Map<string, string> | null> {
    let row: { versions: unknown } | undefined;
    try {
      [row] = await this.run<{ versions: unknown }>(WRITE_FRESH, [
        JSON.stringify(g.states.map(({ state, expectedVersion }) => ({ ...stateRecord(state), expected: expectedVersion }))),
        JSON.stringify(g.orders.map((w) => trackingRecord(w, w.version))),
        JSON.stringify(g.trackingDeviceIds),
        JSON.stringify(g.fixes.map(({ deviceId, fix }) => fixRecord(deviceId, fix))),
        g.receivedAt.toISOString(),
        JSON.stringify(g.outbox.map(outboxRecord)),
        g.states.length,
        g.orders.length,
        JSON.stringify(g.heardDeviceIds),
      ]);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === STALE || code === DEADLOCK || code === DUPLICATE) return null;
      throw e;
    }
    this.live(g.live.map((e) => JSON.stringify(e)));
    return versionsOf(row?.versions);
  }
}

export function trackingRecord({ order: o, events, riskDueAt }: TrackedOrderWrite, version?: string) {
  return {
    id: o.id,
    account_id: o.accountId,
    version,
    tracking: o.tracking,
    at_risk: Object.values(o.tracking.risks).some((r) => r !== 'green'),
    updated_at: o.updatedAt.toISOString(),
    events: events.length > 0 ? timelineEntries(events) : null,
    risk_due: riskDueAt?.toISOString() ?? null,
  };
}

/** `json_agg` of `(id, version)` rows: pg parses json, PGlite may hand the text. */
export function versionsOf(value: unknown): Map<string, string> {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as { id: string; version: string }[];
  return new Map(rows.map((r) => [r.id, r.version]));
}
