import { CompiledQuery, type Kysely, sql } from 'kysely';
import {
  type ClaimedDelivery,
  type Delivery,
  type DeliveryState,
  type EventSubject,
  isStreamSubject,
  type OutboxEvent,
  type StreamSubject,
} from '../../core/webhook.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { DB } from '../schema.ts';
import { endpointFromRow } from './webhook-endpoint.repo.ts';

export type NewOutboxEvent = Omit<OutboxEvent, 'seq' | 'eventId'>;

/** The column list of `outboxRecord` rows read back with `json_to_recordset`. */
export const OUTBOX_RECORD_TYPES = 'account_id text, order_id uuid, type text, recorded_at timestamptz, created_at timestamptz, subject json';

/** The `webhook_events` row of a new event, its subject as a value (the write statements send it inside JSON). */
export const outboxRecord = (e: NewOutboxEvent) => ({
  account_id: e.accountId,
  order_id: e.orderId,
  type: e.type,
  recorded_at: e.recordedAt,
  created_at: e.createdAt,
  subject: e.subject,
});

/** `streamKey('route', account, handle)` of services/webhooks/streams.ts, in SQL (a route closed by a statement). */
export const ROUTE_STREAM_KEY_SQL = (account: string, handle: string) => `md5('route:' || ${account} || ':' || ${handle})::uuid`;

export interface NewDelivery {
  endpointId: string;
  eventSeq: string;
  orderId: string;
  createdAt: Date;
}

/** How an attempt ended; `leased_until` is cleared with it. */
export interface DeliverySettlement {
  state: DeliveryState;
  nextAttemptAt?: Date;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

export interface DeliveryQuery {
  state?: DeliveryState;
  orderId?: string;
  limit: number;
  /** Newest first; continue below this delivery id. */
  beforeId?: string;
}

export interface WebhookOutboxRepo {
  /** Whether an event waits for fan-out or a delivery may be due: a lock-free read for idle polls. */
  hasWork(now: Date): Promise<boolean>;
  /** What waits to be sent, all accounts: events not yet fanned out plus pending deliveries (metrics). */
  backlog(): Promise<{ depth: number; oldestAgeSeconds: number }>;
  /** One multi-row insert: the whole cost a state change pays for webhooks. */
  enqueue(events: NewOutboxEvent[]): Promise<void>;
  /** Transaction-scoped: only one dispatcher at a time fans out, so it sees events in id order. */
  tryLockFanOut(): Promise<boolean>;
  pendingFanOut(limit: number): Promise<OutboxEvent[]>;
  markFannedOut(seqs: string[]): Promise<void>;
  insertDeliveries(rows: NewDelivery[]): Promise<void>;
  /**
   * Leases up to `limit` due deliveries, each the oldest pending one of its (endpoint, order):
   * a later event of an order waits while an earlier one is pending for the same endpoint.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
  /** Records the outcomes of one tick in a single statement. */
  settle(outcomes: { id: string; settlement: DeliverySettlement }[]): Promise<void>;
  listDeliveries(endpointId: string, q: DeliveryQuery): Promise<Delivery[]>;
  findDelivery(endpointId: string, id: string): Promise<Delivery | null>;
  /** Manual retry: pending again, due now, with a fresh retry horizon. */
  requeue(endpointId: string, id: string, now: Date): Promise<void>;
  eventsOfOrder(orderId: string): Promise<OutboxEvent[]>;
  /** Embedded store only (one process): leases of a killed process are void at start. */
  releaseLeases(): Promise<void>;
}

// Any 64-bit constant shared by every Dropline process on one database.
const FAN_OUT_LOCK = 7404113;

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

type Raw = Record<string, unknown>;

const eventFromRaw = (r: Raw, p = ''): OutboxEvent => ({
  seq: String(r[`${p}seq`]),
  eventId: String(r[`${p}event_id`]),
  accountId: r[`${p}account_id`] as string,
  orderId: r[`${p}order_id`] as string,
  type: r[`${p}type`] as string,
  recordedAt: date(r[`${p}recorded_at`]),
  createdAt: date(r[`${p}created_at`]),
  subject: revive<EventSubject | StreamSubject>(r[`${p}subject`]),
});

const handleOf = (subject: EventSubject | StreamSubject): string | null => (isStreamSubject(subject) ? null : subject.order_handle);

const deliveryFromRaw = (r: Raw): Delivery => ({
  id: String(r.id),
  endpointId: r.endpoint_id as string,
  eventSeq: String(r.event_seq),
  eventId: String(r.ev_event_id),
  eventType: r.ev_type as string,
  orderId: r.order_id as string,
  orderHandle: handleOf(revive<EventSubject | StreamSubject>(r.ev_subject)),
  state: r.state as DeliveryState,
  attempts: Number(r.attempts),
  nextAttemptAt: date(r.next_attempt_at),
  lastAttemptAt: dateOrNull(r.last_attempt_at),
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: (r.last_error as string | null) ?? null,
  deliveredAt: dateOrNull(r.delivered_at),
  createdAt: date(r.created_at),
  retryFrom: date(r.retry_from),
});

const EVENT_COLUMNS = sql`id::text as seq, event_id::text as event_id, account_id, order_id::text as order_id, type, recorded_at, created_at, subject`;

const DELIVERY_SELECT = sql`
  select d.id::text as id, d.endpoint_id::text as endpoint_id, d.event_id::text as event_seq, d.order_id::text as order_id,
         d.state, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at, d.retry_from,
         v.event_id::text as ev_event_id, v.type as ev_type, v.subject as ev_subject
  from webhook_deliveries d join webhook_events v on v.id = d.event_id`;

export class KyselyWebhookOutboxRepo implements WebhookOutboxRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async enqueue(events: NewOutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('webhook_events')
      .values(events.map((e) => ({ ...outboxRecord(e), subject: JSON.stringify(e.subject) })))
      .execute();
  }

  async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const res = await this.db.executeQuery<{ depth: string; oldest: Date | null }>(
      CompiledQuery.raw(
        `${MARKS.readonly}with waiting as (
           select created_at from webhook_events where not fanned_out
           union all
           select created_at from webhook_deliveries where state = 'pending')
         select count(*) as depth, min(created_at) as oldest from waiting`,
      ),
    );
    const row = res.rows[0];
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0 };
  }

  async hasWork(now: Date): Promise<boolean> {
    // Deliberately wider than `claim` (paused endpoints, per-order heads): a false "yes" only costs
    // the claim that follows, a false "no" would delay events until a later tick.
    const res = await this.db.executeQuery<{ work: boolean }>(
      CompiledQuery.raw(
        `${MARKS.readonly}select exists (select 1 from webhook_events where not fanned_out)
          or exists (select 1 from webhook_deliveries where state = 'pending' and next_attempt_at <= $1::timestamptz) as work`,
        [now.toISOString()],
      ),
    );
    return res.rows[0]?.work === true;
  }

  async tryLockFanOut(): Promise<boolean> {
    const res = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${FAN_OUT_LOCK}) as locked`.execute(this.db);
    return res.rows[0]?.locked === true;
  }

  async pendingFanOut(limit: number): Promise<OutboxEvent[]> {
    const res = await sql<Raw>`select ${EVENT_COLUMNS} from webhook_events where not fanned_out order by id limit ${limit}`.execute(this.db);
    return res.rows.map((r) => eventFromRaw(r));
  }

  async markFannedOut(seqs: string[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.updateTable('webhook_events').set({ fanned_out: true }).where('id', 'in', seqs).execute();
  }

  async insertDeliveries(rows: NewDelivery[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        rows.map((r) => ({
          endpoint_id: r.endpointId,
          event_id: r.eventSeq,
          order_id: r.orderId,
          state: 'pending',
          next_attempt_at: r.createdAt,
          created_at: r.createdAt,
          retry_from: r.createdAt,
        })),
      )
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .execute();
  }

  async claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    // SKIP LOCKED: dispatchers of several processes claim disjoint rows. The NOT EXISTS sees a
    // row another dispatcher is claiming as still pending, so it blocks that order's later events.
    const claimed = await sql<{ id: string }>`
      with heads as (
        select d.id from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
        where d.state = 'pending' and d.next_attempt_at <= ${now}
          and (d.leased_until is null or d.leased_until <= ${now})
          and not exists (
            select 1 from webhook_deliveries p
            where p.endpoint_id = d.endpoint_id and p.order_id = d.order_id
              and p.state = 'pending' and p.event_id < d.event_id)
        order by d.next_attempt_at, d.event_id
        limit ${limit}
        for update of d skip locked)
      update webhook_deliveries w
      set leased_until = ${leaseUntil}, attempts = w.attempts + 1, last_attempt_at = ${now}
      from heads where w.id = heads.id
      returning w.id::text as id`.execute(this.db);
    if (claimed.rows.length === 0) return [];
    const ids = claimed.rows.map((r) => r.id);
    const deliveries = (await sql<Raw>`${DELIVERY_SELECT} where d.id in (${sql.join(ids)})`.execute(this.db)).rows.map(deliveryFromRaw);
    const endpointIds = [...new Set(deliveries.map((d) => d.endpointId))];
    const endpoints = new Map(
      (await this.db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', endpointIds).execute()).map((r) => [r.id, endpointFromRow(r)]),
    );
    const seqs = deliveries.map((d) => d.eventSeq);
    const events = new Map(
      (await sql<Raw>`select ${EVENT_COLUMNS} from webhook_events where id in (${sql.join(seqs)})`.execute(this.db)).rows.map((r) => [
        String(r.seq),
        eventFromRaw(r),
      ]),
    );
    return deliveries
      .sort((a, b) => Number(a.eventSeq) - Number(b.eventSeq))
      .map((delivery) => ({ delivery, endpoint: endpoints.get(delivery.endpointId)!, event: events.get(delivery.eventSeq)! }));
  }

  async settle(outcomes: { id: string; settlement: DeliverySettlement }[]): Promise<void> {
    if (outcomes.length === 0) return;
    const rows = outcomes.map(
      ({ id, settlement: s }) =>
        sql`(${id}::bigint, ${s.state}::text, ${s.nextAttemptAt ?? null}::timestamptz, ${s.lastStatus}::integer, ${s.lastError}::text, ${s.deliveredAt}::timestamptz)`,
    );
    await sql`
      update webhook_deliveries d
      set state = v.state, next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at), leased_until = null,
          last_status = v.last_status, last_error = v.last_error, delivered_at = v.delivered_at
      from (values ${sql.join(rows)}) as v(id, state, next_attempt_at, last_status, last_error, delivered_at)
      where d.id = v.id`.execute(this.db);
  }

  async listDeliveries(endpointId: string, q: DeliveryQuery): Promise<Delivery[]> {
    const where = [sql`d.endpoint_id = ${endpointId}`];
    if (q.state) where.push(sql`d.state = ${q.state}`);
    if (q.orderId) where.push(sql`d.order_id = ${q.orderId}`);
    if (q.beforeId) where.push(sql`d.id < ${q.beforeId}`);
    const res = await sql<Raw>`${DELIVERY_SELECT} where ${sql.join(where, sql` and `)} order by d.id desc limit ${q.limit}`.execute(this.db);
    return res.rows.map(deliveryFromRaw);
  }

  async findDelivery(endpointId: string, id: string): Promise<Delivery | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const res = await sql<Raw>`${DELIVERY_SELECT} where d.endpoint_id = ${endpointId} and d.id = ${id}`.execute(this.db);
    return res.rows[0] ? deliveryFromRaw(res.rows[0]) : null;
  }

  async requeue(endpointId: string, id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', next_attempt_at: now, retry_from: now, leased_until: null })
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', id)
      .execute();
  }

  async eventsOfOrder(orderId: string): Promise<OutboxEvent[]> {
    const res = await sql<Raw>`select ${EVENT_COLUMNS} from webhook_events where order_id = ${orderId} order by id`.execute(this.db);
    return res.rows.map((r) => eventFromRaw(r));
  }

  async releaseLeases(): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set({ leased_until: null }).where('state', '=', 'pending').execute();
  }
}
