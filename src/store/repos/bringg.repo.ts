import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type { Order, OrderType } from '../../core/order/types.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import type { DB } from '../schema.ts';
import { TERMINAL_STATUSES } from '../../core/order/statuses.ts';
import { statusInSql } from '../status-sql.ts';
import { type OrderRow, orderFromRow } from './order-row.ts';

/** Bringg's per-account credentials and merchant id; secrets are stored as SHA-256 hex. */
export interface BringgAccount {
  accountId: string;
  merchantId: number;
  serviceSecretHash: string;
  tagId: number | null;
  clientId: string;
  clientSecretHash: string;
  signingKey: string;
  createdAt: Date;
}

/** What only Bringg knows about a core order handle. `details` holds Bringg's free fields verbatim. */
export interface BringgTask {
  taskId: number;
  uuid: string;
  accountId: string;
  orderHandle: string;
  externalId: string;
  customerId: number | null;
  automaticallyStarted: number | null;
  automaticallyEnded: number | null;
  automaticallyCancelled: number | null;
  details: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface BringgWayPoint {
  wayPointId: number;
  taskId: number;
  position: number;
  orderType: OrderType;
  typeIndex: number;
  checkinTime: Date | null;
  checkinLat: number | null;
  checkinLng: number | null;
  checkoutTime: Date | null;
  checkoutLat: number | null;
  checkoutLng: number | null;
  automaticallyCheckedIn: number | null;
  automaticallyCheckedOut: number | null;
  details: Record<string, unknown>;
}

export interface BringgCustomer {
  customerId: number;
  accountId: string;
  externalId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export type BringgSequence = 'task' | 'way_point' | 'user' | 'customer' | 'note' | 'inventory';
export type TaskLookup = { taskId: number } | { externalId: string } | { orderHandle: string };

/** A task with everything a render or a one-statement change needs, read together (findTaskSnapshot). */
export interface TaskSnapshot {
  task: BringgTask;
  wayPoints: BringgWayPoint[];
  customer: BringgCustomer | null;
  /** Every order record of the task's handle with its row version, pick first. */
  records: { order: Order; version: string }[];
  /** The Bringg users already allocated to the workers on those records. */
  users: { userId: number; workerHandle: string }[];
}

export interface BringgRepo {
  insertAccount(a: Omit<BringgAccount, 'merchantId'>): Promise<BringgAccount>;
  findAccount(by: { accountId: string } | { serviceSecretHash: string } | { clientId: string }): Promise<BringgAccount | null>;
  insertServiceUrl(u: { secretHash: string; accountId: string; tagId: number; createdAt: Date }): Promise<void>;
  nextId(seq: BringgSequence): Promise<number>;
  /** Several ids of several sequences in one statement, in the order asked. */
  nextIds(seqs: readonly BringgSequence[]): Promise<number[]>;
  insertTask(t: BringgTask): Promise<void>;
  /** Inserts unless a task with one of its unique keys exists (no error, so the transaction goes on); true when inserted. */
  insertTaskIfAbsent(t: BringgTask): Promise<boolean>;
  updateTask(t: BringgTask): Promise<void>;
  findTask(accountId: string, by: TaskLookup, opts?: { forUpdate?: boolean }): Promise<BringgTask | null>;
  /** The task, its way points, customer, order records (with versions) and drivers' users in one statement. */
  findTaskSnapshot(accountId: string, by: TaskLookup): Promise<TaskSnapshot | null>;
  listTasks(accountId: string, filter: { orderHandles?: string[]; customerId?: number }): Promise<BringgTask[]>;
  insertWayPoint(w: BringgWayPoint): Promise<void>;
  updateWayPoint(w: BringgWayPoint): Promise<void>;
  listWayPoints(taskIds: number[]): Promise<BringgWayPoint[]>;
  /** Handles with an open, current record that no Bringg task maps yet (orders made by other dialects). */
  listUnmappedOpenHandles(accountId: string, limit: number): Promise<string[]>;
  /** Open handles of the account that a Bringg task maps, oldest task first. */
  listOpenMappedHandles(accountId: string, limit: number): Promise<string[]>;
  findUser(accountId: string, by: { userId: number } | { workerHandle: string }): Promise<{ userId: number; workerHandle: string } | null>;
  insertUser(accountId: string, userId: number, workerHandle: string): Promise<void>;
  insertCustomer(c: BringgCustomer): Promise<void>;
  /** Inserts, or merges `details` into the customer with the same external_id; returns the stored row. */
  upsertCustomer(c: BringgCustomer): Promise<BringgCustomer>;
  /** Merges `details` into one customer in one statement (concurrent patches both land); null when absent. */
  patchCustomer(
    accountId: string,
    by: { customerId: number } | { externalId: string },
    details: Record<string, unknown>,
    now: Date,
  ): Promise<BringgCustomer | null>;
  findCustomer(accountId: string, by: { customerId: number } | { externalId: string }): Promise<BringgCustomer | null>;
}

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const accountFromRow = (r: Selectable<DB['bringg_accounts']>): BringgAccount => ({
  accountId: r.account_id,
  merchantId: num(r.merchant_id),
  serviceSecretHash: r.service_secret_hash,
  tagId: r.tag_id,
  clientId: r.client_id,
  clientSecretHash: r.client_secret_hash,
  signingKey: r.signing_key,
  createdAt: r.created_at,
});

type TaskRow = Selectable<DB['bringg_tasks']>;
const taskFromRow = (r: TaskRow): BringgTask => ({
  taskId: num(r.task_id),
  uuid: r.uuid,
  accountId: r.account_id,
  orderHandle: r.order_handle,
  externalId: r.external_id,
  customerId: numOrNull(r.customer_id),
  automaticallyStarted: r.automatically_started,
  automaticallyEnded: r.automatically_ended,
  automaticallyCancelled: r.automatically_cancelled,
  details: revive(r.details),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const taskToRow = (t: BringgTask) => ({
  task_id: t.taskId,
  uuid: t.uuid,
  account_id: t.accountId,
  order_handle: t.orderHandle,
  external_id: t.externalId,
  customer_id: t.customerId,
  automatically_started: t.automaticallyStarted,
  automatically_ended: t.automaticallyEnded,
  automatically_cancelled: t.automaticallyCancelled,
  details: JSON.stringify(t.details),
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

/** Rows as `json_populate_recordset` takes them (jsonb columns as the values): for the order-change statement. */
export const bringgTaskRecord = (t: BringgTask) => ({ ...taskToRow(t), details: t.details });
export const BRINGG_TASK_COLUMNS = Object.keys(bringgTaskRecord({ details: {} } as BringgTask));

const wayPointFromRow = (r: Selectable<DB['bringg_way_points']>): BringgWayPoint => ({
  wayPointId: num(r.way_point_id),
  taskId: num(r.task_id),
  position: r.position,
  orderType: r.order_type as OrderType,
  typeIndex: r.type_index,
  checkinTime: r.checkin_time,
  checkinLat: r.checkin_lat,
  checkinLng: r.checkin_lng,
  checkoutTime: r.checkout_time,
  checkoutLat: r.checkout_lat,
  checkoutLng: r.checkout_lng,
  automaticallyCheckedIn: r.automatically_checked_in,
  automaticallyCheckedOut: r.automatically_checked_out,
  details: revive(r.details),
});

const wayPointToRow = (w: BringgWayPoint) => ({
  way_point_id: w.wayPointId,
  task_id: w.taskId,
  position: w.position,
  order_type: w.orderType,
  type_index: w.typeIndex,
  checkin_time: w.checkinTime,
  checkin_lat: w.checkinLat,
  checkin_lng: w.checkinLng,
  checkout_time: w.checkoutTime,
  checkout_lat: w.checkoutLat,
  checkout_lng: w.checkoutLng,
  automatically_checked_in: w.automaticallyCheckedIn,
  automatically_checked_out: w.automaticallyCheckedOut,
  details: JSON.stringify(w.details),
});

export const bringgWayPointRecord = (w: BringgWayPoint) => ({ ...wayPointToRow(w), details: w.details });
export const BRINGG_WAY_POINT_COLUMNS = Object.keys(bringgWayPointRecord({ details: {} } as BringgWayPoint));

const customerFromRow = (r: Selectable<DB['bringg_customers']>): BringgCustomer => ({
  customerId: num(r.customer_id),
  accountId: r.account_id,
  externalId: r.external_id,
  details: revive(r.details),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const customerToRow = (c: BringgCustomer) => ({
  customer_id: c.customerId,
  account_id: c.accountId,
  external_id: c.externalId,
  details: JSON.stringify(c.details),
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

/** A customer row for `json_populate_recordset` (the order-change statement's customer upsert). */
export const bringgCustomerRecord = (c: BringgCustomer) => ({ ...customerToRow(c), details: c.details });
export const BRINGG_CUSTOMER_COLUMNS = Object.keys(bringgCustomerRecord({ details: {} } as BringgCustomer));

/** A customer row as `to_json` gives it back (timestamps as text, details as an object). */
export const customerFromJson = (r: Record<string, unknown>): BringgCustomer => ({
  customerId: num(r.customer_id),
  accountId: r.account_id as string,
  externalId: (r.external_id as string | null) ?? null,
  details: revive(r.details),
  createdAt: new Date(r.created_at as string),
  updatedAt: new Date(r.updated_at as string),
});

const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** Rows as `to_json` gives them back: timestamps as text, jsonb as objects. */
const taskFromJson = (r: Record<string, unknown>): BringgTask =>
  taskFromRow({ ...r, created_at: dateOrNull(r.created_at), updated_at: dateOrNull(r.updated_at) } as TaskRow);
const wayPointFromJson = (r: Record<string, unknown>): BringgWayPoint =>
  wayPointFromRow({ ...r, checkin_time: dateOrNull(r.checkin_time), checkout_time: dateOrNull(r.checkout_time) } as Selectable<DB['bringg_way_points']>);

/**
 * One round trip instead of five: the task-level parts are built once (CTE `extra`) and ride along
 * on each order row; a task without order rows still comes back as one row of nulls. $1 account,
 * $2 the key the statement is named by.
 */
const snapshotSql = (key: 'task_id' | 'external_id' | 'order_handle') => `${MARKS.prepared}${MARKS.cacheable}
with t as (select * from bringg_tasks where account_id = $1 and ${key} = $2),
extra as (
  select to_json(t) as task_json,
    (select coalesce(json_agg(w order by w.position), '[]'::json) from bringg_way_points w where w.task_id = t.task_id) as way_points_json,
    (select to_json(c) from bringg_customers c where c.account_id = t.account_id and c.customer_id = t.customer_id) as customer_json,
    (select coalesce(json_agg(json_build_object('user_id', u.user_id, 'worker_handle', u.worker_handle)), '[]'::json)
       from bringg_users u
       where u.account_id = t.account_id
         and u.worker_handle in (select o.worker_handle from orders o where o.account_id = t.account_id and o.order_handle = t.order_handle)) as users_json
  from t)
select o.*, o.xmin::text as row_version, extra.*
from t cross join extra
left join orders o on o.account_id = t.account_id and o.order_handle = t.order_handle
order by (o.type = 'pick') desc, o.type_index, o.fulfillment_attempt`;
const SNAPSHOT_BY = { taskId: snapshotSql('task_id'), externalId: snapshotSql('external_id'), orderHandle: snapshotSql('order_handle') };

type SnapshotRow = Partial<OrderRow> & {
  row_version: string | null;
  task_json: Record<string, unknown>;
  way_points_json: Record<string, unknown>[];
  customer_json: Record<string, unknown> | null;
  users_json: { user_id: number; worker_handle: string }[];
};

const SEQUENCES: Record<BringgSequence, string> = {
  task: 'bringg_task_ids',
  way_point: 'bringg_way_point_ids',
  user: 'bringg_user_ids',
  customer: 'bringg_customer_ids',
  note: 'bringg_note_ids',
  inventory: 'bringg_inventory_ids',
};

// A current record: not superseded by a reschedule. Open: not finished either.
const OPEN_CURRENT = sql<boolean>`${statusInSql('o.status', TERMINAL_STATUSES, { negate: true })} and o.rescheduled_marked_at is null`;

export class KyselyBringgRepo implements BringgRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertAccount(a: Omit<BringgAccount, 'merchantId'>): Promise<BringgAccount> {
    const row = await this.db
      .insertInto('bringg_accounts')
      .values({
        account_id: a.accountId,
        service_secret_hash: a.serviceSecretHash,
        tag_id: a.tagId,
        client_id: a.clientId,
        client_secret_hash: a.clientSecretHash,
        signing_key: a.signingKey,
        created_at: a.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return accountFromRow(row);
  }

  async findAccount(by: { accountId: string } | { serviceSecretHash: string } | { clientId: string }): Promise<BringgAccount | null> {
    let q = this.db.selectFrom('bringg_accounts').selectAll();
    if ('accountId' in by) q = q.where('account_id', '=', by.accountId);
    else if ('serviceSecretHash' in by) q = q.where('service_secret_hash', '=', by.serviceSecretHash);
    else q = q.where('client_id', '=', by.clientId);
    const row = await q.executeTakeFirst();
    if (row) return accountFromRow(row);
    if (!('serviceSecretHash' in by)) return null;
    // A tag-bound service URL: the same merchant, seen with the URL's tag.
    const url = await this.db.selectFrom('bringg_service_urls').selectAll().where('secret_hash', '=', by.serviceSecretHash).executeTakeFirst();
    if (!url) return null;
    const account = await this.findAccount({ accountId: url.account_id });
    return account ? { ...account, tagId: url.tag_id } : null;
  }

  async insertServiceUrl(u: { secretHash: string; accountId: string; tagId: number; createdAt: Date }): Promise<void> {
    await this.db
      .insertInto('bringg_service_urls')
      .values({ secret_hash: u.secretHash, account_id: u.accountId, tag_id: u.tagId, created_at: u.createdAt })
      .execute();
  }

  async nextId(seq: BringgSequence): Promise<number> {
    const { rows } = await sql<{ id: string }>`select nextval(${SEQUENCES[seq]}::regclass) as id`.execute(this.db);
    return Number(rows[0]!.id);
  }

  async nextIds(seqs: readonly BringgSequence[]): Promise<number[]> {
    if (seqs.length === 0) return [];
    const { rows } = await sql<{ id: string }>`select nextval(s.seq::regclass) as id
      from unnest(${seqs.map((q) => SEQUENCES[q])}::text[]) with ordinality as s(seq, n) order by s.n`.execute(this.db);
    return rows.map((r) => Number(r.id));
  }

  async insertTask(t: BringgTask): Promise<void> {
    await this.db.insertInto('bringg_tasks').values(taskToRow(t)).execute();
  }

  async insertTaskIfAbsent(t: BringgTask): Promise<boolean> {
    const rows = await this.db
      .insertInto('bringg_tasks')
      .values(taskToRow(t))
      .onConflict((oc) => oc.doNothing())
      .returning('task_id')
      .execute();
    return rows.length === 1;
  }

  async updateTask(t: BringgTask): Promise<void> {
    const { task_id, ...row } = taskToRow(t);
    await this.db.updateTable('bringg_tasks').set(row).where('task_id', '=', task_id).execute();
  }

  async findTask(accountId: string, by: TaskLookup, opts: { forUpdate?: boolean } = {}): Promise<BringgTask | null> {
    let q = this.db.selectFrom('bringg_tasks').selectAll().where('account_id', '=', accountId);
    if ('taskId' in by) q = q.where('task_id', '=', by.taskId);
    else if ('externalId' in by) q = q.where('external_id', '=', by.externalId);
    else q = q.where('order_handle', '=', by.orderHandle);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? taskFromRow(row) : null;
  }

  async findTaskSnapshot(accountId: string, by: TaskLookup): Promise<TaskSnapshot | null> {
    const [text, key] =
      'taskId' in by
        ? [SNAPSHOT_BY.taskId, by.taskId]
        : 'externalId' in by
          ? [SNAPSHOT_BY.externalId, by.externalId]
          : [SNAPSHOT_BY.orderHandle, by.orderHandle];
    const { rows } = await this.db.executeQuery<SnapshotRow>(CompiledQuery.raw(text, [accountId, key]));
    const first = rows[0];
    if (!first) return null;
    return {
      task: taskFromJson(first.task_json),
      wayPoints: first.way_points_json.map(wayPointFromJson),
      customer: first.customer_json ? customerFromJson(first.customer_json) : null,
      records: rows.filter((r) => r.row_version !== null).map((r) => ({ order: orderFromRow(r as OrderRow), version: r.row_version! })),
      users: first.users_json.map((u) => ({ userId: num(u.user_id), workerHandle: u.worker_handle })),
    };
  }

  async listTasks(accountId: string, filter: { orderHandles?: string[]; customerId?: number }): Promise<BringgTask[]> {
    let q = this.db.selectFrom('bringg_tasks').selectAll().where('account_id', '=', accountId);
    if (filter.orderHandles) {
      if (filter.orderHandles.length === 0) return [];
      q = q.where('order_handle', 'in', filter.orderHandles);
    }
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    return (await q.orderBy('task_id').execute()).map(taskFromRow);
  }

  async insertWayPoint(w: BringgWayPoint): Promise<void> {
    await this.db.insertInto('bringg_way_points').values(wayPointToRow(w)).execute();
  }

  async updateWayPoint(w: BringgWayPoint): Promise<void> {
    const { way_point_id, ...row } = wayPointToRow(w);
    await this.db.updateTable('bringg_way_points').set(row).where('way_point_id', '=', way_point_id).execute();
  }

  async listWayPoints(taskIds: number[]): Promise<BringgWayPoint[]> {
    if (taskIds.length === 0) return [];
    const rows = await this.db.selectFrom('bringg_way_points').selectAll().where('task_id', 'in', taskIds).orderBy('task_id').orderBy('position').execute();
    return rows.map(wayPointFromRow);
  }

  async listUnmappedOpenHandles(accountId: string, limit: number): Promise<string[]> {
    const { rows } = await sql<{ order_handle: string }>`
      select o.order_handle from orders o
      where o.account_id = ${accountId} and ${OPEN_CURRENT}
        and not exists (select 1 from bringg_tasks t where t.account_id = o.account_id and t.order_handle = o.order_handle)
      group by o.order_handle order by min(o.created_at) limit ${limit}`.execute(this.db);
    return rows.map((r) => r.order_handle);
  }

  async listOpenMappedHandles(accountId: string, limit: number): Promise<string[]> {
    const { rows } = await sql<{ order_handle: string }>`
      select t.order_handle from bringg_tasks t
      where t.account_id = ${accountId}
        and exists (select 1 from orders o where o.account_id = t.account_id and o.order_handle = t.order_handle and ${OPEN_CURRENT})
      order by t.task_id limit ${limit}`.execute(this.db);
    return rows.map((r) => r.order_handle);
  }

  async findUser(accountId: string, by: { userId: number } | { workerHandle: string }) {
    let q = this.db.selectFrom('bringg_users').selectAll().where('account_id', '=', accountId);
    q = 'userId' in by ? q.where('user_id', '=', by.userId) : q.where('worker_handle', '=', by.workerHandle);
    const row = await q.executeTakeFirst();
    return row ? { userId: num(row.user_id), workerHandle: row.worker_handle } : null;
  }

  async insertUser(accountId: string, userId: number, workerHandle: string): Promise<void> {
    await this.db
      .insertInto('bringg_users')
      .values({ account_id: accountId, user_id: userId, worker_handle: workerHandle })
      .onConflict((oc) => oc.columns(['account_id', 'worker_handle']).doNothing())
      .execute();
  }

  async insertCustomer(c: BringgCustomer): Promise<void> {
    await this.db.insertInto('bringg_customers').values(customerToRow(c)).execute();
  }

  async upsertCustomer(c: BringgCustomer): Promise<BringgCustomer> {
    const row = await this.db
      .insertInto('bringg_customers')
      .values(customerToRow(c))
      .onConflict((oc) =>
        oc.columns(['account_id', 'external_id']).doUpdateSet({
          details: sql`bringg_customers.details || excluded.details`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return customerFromRow(row);
  }

  async patchCustomer(
    accountId: string,
    by: { customerId: number } | { externalId: string },
    details: Record<string, unknown>,
    now: Date,
  ): Promise<BringgCustomer | null> {
    let q = this.db
      .updateTable('bringg_customers')
      .set({ details: sql`bringg_customers.details || ${JSON.stringify(details)}::jsonb`, updated_at: now })
      .where('account_id', '=', accountId);
    q = 'customerId' in by ? q.where('customer_id', '=', by.customerId) : q.where('external_id', '=', by.externalId);
    const row = await q.returningAll().executeTakeFirst();
    return row ? customerFromRow(row) : null;
  }

  async findCustomer(accountId: string, by: { customerId: number } | { externalId: string }): Promise<BringgCustomer | null> {
    let q = this.db.selectFrom('bringg_customers').selectAll().where('account_id', '=', accountId);
    q = 'customerId' in by ? q.where('customer_id', '=', by.customerId) : q.where('external_id', '=', by.externalId);
    const row = await q.executeTakeFirst();
    return row ? customerFromRow(row) : null;
  }
}
