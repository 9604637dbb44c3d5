import { type Kysely, type Selectable, sql } from 'kysely';
import type { Order } from '../../core/order/types.ts';
import type { PriceModel } from '../../core/pricing.ts';
import type { DB } from '../schema.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import { keyedLookups } from '../keyed-lookups.ts';
import type { StatementBatcher } from '../statement-batcher.ts';
import type { StoreKind } from '../store.ts';
import { orderFromRow } from './order-row.ts';
import { WITH_WORKER_STATUSES } from '../../core/order/statuses.ts';
import { statusInSql } from '../status-sql.ts';

const WITH_WORKER = statusInSql('o.status', WITH_WORKER_STATUSES);

export interface UberAccount {
  accountId: string;
  customerId: string;
  pricing: PriceModel;
  createdAt: Date;
}

export interface UberClient {
  clientId: string;
  accountId: string;
  liveMode: boolean;
  clientSecretHash: string;
  signingKey: string;
  createdAt: Date;
}

/** The leg a quote priced; a create with the quote must name the same places (mismatched_price_quote). */
export interface QuotedRoute {
  pickup: [number, number];
  dropoff: [number, number];
  distance: number;
  duration: number;
}

export interface UberQuote {
  quoteId: string;
  accountId: string;
  /** The organization (its customer_id) the quote was made for: the root's or a sub-organization's. */
  organizationId: string;
  liveMode: boolean;
  fee: number;
  currency: string;
  route: QuotedRoute;
  createdAt: Date;
  expiresAt: Date;
  deliveryId: string | null;
}

/** What only Uber knows about a core order handle. `details` holds the request's Uber fields verbatim. */
export interface UberDelivery {
  deliveryId: string;
  uuid: string;
  accountId: string;
  /** The organization (its customer_id) the delivery belongs to: the root's or a sub-organization's. */
  organizationId: string;
  orderHandle: string;
  liveMode: boolean;
  quoteId: string | null;
  externalId: string | null;
  idempotencyKey: string | null;
  fee: number;
  tip: number;
  currency: string;
  robo: boolean;
  details: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryLookup = { deliveryId: string } | { idempotencyKey: string } | { orderHandle: string };

export interface UberRepo {
  insertAccount(a: UberAccount): Promise<void>;
  findAccount(by: { accountId: string } | { customerId: string }): Promise<UberAccount | null>;
  updatePricing(accountId: string, pricing: PriceModel): Promise<void>;
  insertClient(c: UberClient): Promise<void>;
  findClient(clientId: string): Promise<UberClient | null>;
  insertQuote(q: UberQuote): Promise<void>;
  findQuote(accountId: string, quoteId: string, opts?: { forUpdate?: boolean }): Promise<UberQuote | null>;
  markQuoteUsed(quoteId: string, deliveryId: string): Promise<void>;
  updateDelivery(d: UberDelivery): Promise<void>;
  findDelivery(accountId: string, by: DeliveryLookup, opts?: { forUpdate?: boolean }): Promise<UberDelivery | null>;
  /** The delivery with every order record of its handle, read in one statement (one snapshot). */
  findDeliveryWithOrders(accountId: string, deliveryId: string): Promise<{ delivery: UberDelivery; orders: Order[] } | null>;
  listByExternalId(accountId: string, externalId: string): Promise<UberDelivery[]>;
  /** Frees an idempotency key whose window has passed, so a new delivery may take it. */
  releaseIdempotencyKey(accountId: string, key: string, createdBefore: Date): Promise<void>;
  /**
   * Records `state` as announced; true when it differs from the last announced one (the caller
   * then sends event.delivery_status). Runs in the webhook fan-out, which one dispatcher holds at a time.
   */
  announce(accountId: string, deliveryId: string, state: string): Promise<boolean>;
  /** Deliveries with a courier on an open stop, in accounts with an enabled Uber webhook endpoint. */
  listCourierActive(afterId: string | null, limit: number): Promise<{ accountId: string; deliveryId: string; announced: string | null }[]>;
  /** One organization's deliveries of one mode, newest first, `offset` deliveries skipped. */
  listDeliveries(accountId: string, organizationId: string, liveMode: boolean, page: { offset: number; limit: number }): Promise<UberDelivery[]>;
}

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const accountFromRow = (r: Selectable<DB['uber_accounts']>): UberAccount => ({
  accountId: r.account_id,
  customerId: r.customer_id,
  pricing: revive(r.pricing),
  createdAt: r.created_at,
});

const clientFromRow = (r: Selectable<DB['uber_clients']>): UberClient => ({
  clientId: r.client_id,
  accountId: r.account_id,
  liveMode: r.live_mode,
  clientSecretHash: r.client_secret_hash,
  signingKey: r.signing_key,
  createdAt: r.created_at,
});

const quoteFromRow = (r: Selectable<DB['uber_quotes']>): UberQuote => ({
  quoteId: r.quote_id,
  accountId: r.account_id,
  organizationId: r.organization_id,
  liveMode: r.live_mode,
  fee: r.fee,
  currency: r.currency,
  route: revive(r.route),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  deliveryId: r.delivery_id,
});

const deliveryFromRow = (r: Selectable<DB['uber_deliveries']>): UberDelivery => ({
  deliveryId: r.delivery_id,
  uuid: r.uuid,
  accountId: r.account_id,
  organizationId: r.organization_id,
  orderHandle: r.order_handle,
  liveMode: r.live_mode,
  quoteId: r.quote_id,
  externalId: r.external_id,
  idempotencyKey: r.idempotency_key,
  fee: r.fee,
  tip: r.tip,
  currency: r.currency,
  robo: r.robo,
  details: revive(r.details),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const deliveryToRow = (d: UberDelivery) => ({
  delivery_id: d.deliveryId,
  uuid: d.uuid,
  account_id: d.accountId,
  organization_id: d.organizationId,
  order_handle: d.orderHandle,
  live_mode: d.liveMode,
  quote_id: d.quoteId,
  external_id: d.externalId,
  idempotency_key: d.idempotencyKey,
  fee: d.fee,
  tip: d.tip,
  currency: d.currency,
  robo: d.robo,
  details: JSON.stringify(d.details),
  created_at: d.createdAt,
  updated_at: d.updatedAt,
});

/** The row with its JSON column as a value: the shape `json_populate_recordset(null::uber_deliveries, …)` takes. */
export const deliveryRecord = (d: UberDelivery) => ({ ...deliveryToRow(d), details: d.details });
export const UBER_DELIVERY_COLUMNS = Object.keys(deliveryRecord({ details: {} } as UberDelivery));

/** Concurrent lookups of Uber accounts (every create reads its price model) in one statement. */
const FIND_ACCOUNTS_SQL = `${MARKS.prepared}select k.n as key_n, a.*
  from json_to_recordset($1::json) as k(n int, account_id text)
  join uber_accounts a on a.account_id = k.account_id`;

export class KyselyUberRepo implements UberRepo {
  private readonly accounts: StatementBatcher<string, UberAccount | null> | null;

  /** `batched` (the pool's repository on PostgreSQL): concurrent account lookups share one statement. */
  constructor(
    private readonly db: Kysely<DB>,
    batched?: StoreKind,
  ) {
    this.accounts = keyedLookups({
      batched,
      db,
      sql: FIND_ACCOUNTS_SQL,
      keyJson: (accountId: string) => ({ account_id: accountId }),
      fromRow: (row) => accountFromRow(row as Selectable<DB['uber_accounts']>),
    });
  }

  async insertAccount(a: UberAccount): Promise<void> {
    await this.db
      .insertInto('uber_accounts')
      .values({ account_id: a.accountId, customer_id: a.customerId, pricing: JSON.stringify(a.pricing), created_at: a.createdAt })
      .execute();
  }

  async findAccount(by: { accountId: string } | { customerId: string }): Promise<UberAccount | null> {
    if (this.accounts && 'accountId' in by) return this.accounts.submit(by.accountId);
    const q = this.db.selectFrom('uber_accounts').selectAll();
    const row = await ('accountId' in by ? q.where('account_id', '=', by.accountId) : q.where('customer_id', '=', by.customerId)).executeTakeFirst();
    return row ? accountFromRow(row) : null;
  }

  async updatePricing(accountId: string, pricing: PriceModel): Promise<void> {
    await this.db
      .updateTable('uber_accounts')
      .set({ pricing: JSON.stringify(pricing) })
      .where('account_id', '=', accountId)
      .execute();
  }

  async insertClient(c: UberClient): Promise<void> {
    await this.db
      .insertInto('uber_clients')
      .values({
        client_id: c.clientId,
        account_id: c.accountId,
        live_mode: c.liveMode,
        client_secret_hash: c.clientSecretHash,
        signing_key: c.signingKey,
        created_at: c.createdAt,
      })
      .execute();
  }

  async findClient(clientId: string): Promise<UberClient | null> {
    const row = await this.db.selectFrom('uber_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return row ? clientFromRow(row) : null;
  }

  async insertQuote(q: UberQuote): Promise<void> {
    await this.db
      .insertInto('uber_quotes')
      .values({
        quote_id: q.quoteId,
        account_id: q.accountId,
        organization_id: q.organizationId,
        live_mode: q.liveMode,
        fee: q.fee,
        currency: q.currency,
        route: JSON.stringify(q.route),
        created_at: q.createdAt,
        expires_at: q.expiresAt,
        delivery_id: q.deliveryId,
      })
      .execute();
  }

  async findQuote(accountId: string, quoteId: string, opts: { forUpdate?: boolean } = {}): Promise<UberQuote | null> {
    let q = this.db.selectFrom('uber_quotes').selectAll().where('account_id', '=', accountId).where('quote_id', '=', quoteId);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? quoteFromRow(row) : null;
  }

  async markQuoteUsed(quoteId: string, deliveryId: string): Promise<void> {
    await this.db.updateTable('uber_quotes').set({ delivery_id: deliveryId }).where('quote_id', '=', quoteId).execute();
  }

  async updateDelivery(d: UberDelivery): Promise<void> {
    const { delivery_id: _id, ...row } = deliveryToRow(d);
    await this.db.updateTable('uber_deliveries').set(row).where('delivery_id', '=', d.deliveryId).execute();
  }

  async findDelivery(accountId: string, by: DeliveryLookup, opts: { forUpdate?: boolean } = {}): Promise<UberDelivery | null> {
    let q = this.db.selectFrom('uber_deliveries').selectAll().where('account_id', '=', accountId);
    if ('deliveryId' in by) q = q.where('delivery_id', '=', by.deliveryId);
    else if ('idempotencyKey' in by) q = q.where('idempotency_key', '=', by.idempotencyKey);
    else q = q.where('order_handle', '=', by.orderHandle);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? deliveryFromRow(row) : null;
  }

  async findDeliveryWithOrders(accountId: string, deliveryId: string): Promise<{ delivery: UberDelivery; orders: Order[] } | null> {
    const rows = await this.db
      .selectFrom('uber_deliveries as d')
      .innerJoin('orders as o', (j) => j.onRef('o.account_id', '=', 'd.account_id').onRef('o.order_handle', '=', 'd.order_handle'))
      .selectAll('o')
      .select(sql<Selectable<DB['uber_deliveries']>>`row_to_json(d)`.as('uber_delivery'))
      .where('d.account_id', '=', accountId)
      .where('d.delivery_id', '=', deliveryId)
      .execute();
    if (rows.length === 0) return null;
    const d = revive<Record<string, unknown>>(rows[0]!.uber_delivery);
    const delivery = deliveryFromRow({
      ...(d as unknown as Selectable<DB['uber_deliveries']>),
      created_at: new Date(d.created_at as string),
      updated_at: new Date(d.updated_at as string),
    });
    return { delivery, orders: rows.map((r) => orderFromRow(r)) };
  }

  async announce(accountId: string, deliveryId: string, state: string): Promise<boolean> {
    const r = await this.db
      .updateTable('uber_deliveries')
      .set({ announced: state })
      .where('account_id', '=', accountId)
      .where('delivery_id', '=', deliveryId)
      .where(sql<boolean>`announced is distinct from ${state}`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async listCourierActive(afterId: string | null, limit: number) {
    let q = this.db
      .selectFrom('uber_deliveries as d')
      .select(['d.account_id', 'd.delivery_id', 'd.announced'])
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('webhook_endpoints as e')
            .select('e.id')
            .whereRef('e.account_id', '=', 'd.account_id')
            .where('e.format', '=', 'uber')
            .where('e.enabled', '=', true),
        ),
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('orders as o')
            .select('o.id')
            .whereRef('o.account_id', '=', 'd.account_id')
            .whereRef('o.order_handle', '=', 'd.order_handle')
            .where('o.worker_handle', 'is not', null)
            .where(WITH_WORKER),
        ),
      )
      .orderBy('d.delivery_id')
      .limit(limit);
    if (afterId) q = q.where('d.delivery_id', '>', afterId);
    const rows = await q.execute();
    return rows.map((r) => ({ accountId: r.account_id, deliveryId: r.delivery_id, announced: r.announced }));
  }

  async listByExternalId(accountId: string, externalId: string): Promise<UberDelivery[]> {
    const rows = await this.db.selectFrom('uber_deliveries').selectAll().where('account_id', '=', accountId).where('external_id', '=', externalId).execute();
    return rows.map(deliveryFromRow);
  }

  async releaseIdempotencyKey(accountId: string, key: string, createdBefore: Date): Promise<void> {
    await this.db
      .updateTable('uber_deliveries')
      .set({ idempotency_key: sql<null>`null` })
      .where('account_id', '=', accountId)
      .where('idempotency_key', '=', key)
      .where('created_at', '<', createdBefore)
      .execute();
  }

  async listDeliveries(accountId: string, organizationId: string, liveMode: boolean, page: { offset: number; limit: number }): Promise<UberDelivery[]> {
    const rows = await this.db
      .selectFrom('uber_deliveries')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('organization_id', '=', organizationId)
      .where('live_mode', '=', liveMode)
      .orderBy('created_at', 'desc')
      .orderBy('delivery_id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return rows.map(deliveryFromRow);
  }
}
