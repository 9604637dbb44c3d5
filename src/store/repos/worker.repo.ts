import { type Kysely, sql } from 'kysely';
import type { Device, Worker } from '../../core/worker.ts';
import type { DB } from '../schema.ts';
import { MARKS } from '../drivers/statement-marks.ts';
import { keyedLookups } from '../keyed-lookups.ts';
import type { StatementBatcher } from '../statement-batcher.ts';
import type { StoreKind } from '../store.ts';
import { TRACKING_STATUSES } from '../../core/order/statuses.ts';
import { statusIn } from '../status-sql.ts';

/** A worker's own row: what planning reads (no devices, no tracking state). */
export type WorkerRow = Omit<Worker, 'deviceIds' | 'isTracking'>;

export interface WorkerFilter {
  opsGroupHandles?: string[];
  workerHandles?: string[];
  searchTerm?: string;
  deviceId?: string;
  includeDeleted?: boolean;
  /** Workers whose rendered work_status.available is this (a deleted worker is not available). */
  available?: boolean;
  /** Workers with an ongoing order (work_status.tracking), or without. */
  tracking?: boolean;
  /** Workers whose profile contains this object (`profile`). */
  profile?: Record<string, unknown>;
}

export interface WorkerRepo {
  insert(worker: WorkerRow): Promise<void>;
  update(worker: WorkerRow): Promise<void>;
  find(accountId: string, workerHandle: string, opts?: { forUpdate?: boolean }): Promise<Worker | null>;
  list(accountId: string, filter: WorkerFilter, page: { limit: number; after?: string }): Promise<Worker[]>;
  /**
   * The account's workers that are not deleted, their own rows only (no devices, no tracking
   * state, which cost a look at every worker's orders), in handle order: what on-demand dispatch
   * weighs on each create. `profile`: only workers whose profile contains it.
   */
  listRows(accountId: string, page: { limit: number; after?: string }, filter?: Pick<WorkerFilter, 'profile'>): Promise<WorkerRow[]>;
  insertDevice(device: Device): Promise<void>;
  findDevice(deviceId: string): Promise<Device | null>;
  setDeviceToken(deviceId: string, tokenHash: string): Promise<void>;
}

const DEVICES_SQL = `(
  select coalesce(json_agg(d.device_id order by d.created_at, d.device_id), '[]'::json) from devices d
  where d.account_id = workers.account_id and d.worker_handle = workers.worker_handle)`;
const devicesColumn = sql.raw<string[]>(DEVICES_SQL).as('device_ids');

/** jsonb arrives parsed from pg and as text from some paths (json_to_recordset rows). */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));

const fromRow = (r: Record<string, unknown>): Worker => ({
  accountId: r.account_id as string,
  workerHandle: r.worker_handle as string,
  name: r.name as string | null,
  profile: (typeof r.profile === 'string' ? JSON.parse(r.profile) : r.profile) as Record<string, unknown>,
  opsGroupHandle: r.ops_group_handle as string | null,
  productTypes: (typeof r.product_types === 'string' ? JSON.parse(r.product_types) : (r.product_types ?? [])) as string[],
  home: json(r.home) as Worker['home'],
  schedule: (json(r.schedule) ?? []) as Worker['schedule'],
  unavailableOn: (json(r.unavailable_on) ?? []) as string[],
  timezone: (r.timezone as string | null) ?? null,
  available: r.available !== false,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
  deletedAt: r.deleted_at as Date | null,
  deviceIds: (typeof r.device_ids === 'string' ? JSON.parse(r.device_ids) : r.device_ids) as string[],
  isTracking: r.is_tracking === true,
});

const TRACKING_SQL = `exists(select 1 from orders o where o.account_id = workers.account_id
  and o.worker_handle = workers.worker_handle and ${statusIn('o.status', TRACKING_STATUSES)})`;
const trackingColumn = sql.raw<boolean>(TRACKING_SQL).as('is_tracking');

/** Concurrent unlocked lookups of workers in one statement, each row tagged with its key's position. */
const FIND_MANY_SQL = `${MARKS.prepared}select k.n as key_n, workers.*, ${DEVICES_SQL} as device_ids, ${TRACKING_SQL} as is_tracking
  from json_to_recordset($1::json) as k(n int, account_id text, worker_handle text)
  join workers on workers.account_id = k.account_id and workers.worker_handle = k.worker_handle`;

interface Lookup {
  accountId: string;
  workerHandle: string;
}

const toRow = (w: WorkerRow) => ({
  account_id: w.accountId,
  worker_handle: w.workerHandle,
  name: w.name,
  profile: JSON.stringify(w.profile),
  ops_group_handle: w.opsGroupHandle,
  product_types: JSON.stringify(w.productTypes),
  home: w.home === null ? null : JSON.stringify(w.home),
  schedule: JSON.stringify(w.schedule),
  unavailable_on: JSON.stringify(w.unavailableOn),
  timezone: w.timezone,
  available: w.available,
  created_at: w.createdAt,
  updated_at: w.updatedAt,
  deleted_at: w.deletedAt,
});

export class KyselyWorkerRepo implements WorkerRepo {
  private readonly lookups: StatementBatcher<Lookup, Worker | null> | null;

  /** `batched` (the pool's repository on PostgreSQL): concurrent unlocked lookups share one statement. */
  constructor(
    private readonly db: Kysely<DB>,
    batched?: StoreKind,
  ) {
    this.lookups = keyedLookups({
      batched,
      db,
      sql: FIND_MANY_SQL,
      keyJson: (l: Lookup) => ({ account_id: l.accountId, worker_handle: l.workerHandle }),
      fromRow,
    });
  }

  async insert(w: WorkerRow): Promise<void> {
    await this.db.insertInto('workers').values(toRow(w)).execute();
  }

  async update(w: WorkerRow): Promise<void> {
    const { account_id, worker_handle, ...row } = toRow(w);
    await this.db.updateTable('workers').set(row).where('account_id', '=', account_id).where('worker_handle', '=', worker_handle).execute();
  }

  async find(accountId: string, workerHandle: string, opts: { forUpdate?: boolean } = {}): Promise<Worker | null> {
    if (this.lookups && !opts.forUpdate) return this.lookups.submit({ accountId, workerHandle });
    let q = this.db
      .selectFrom('workers')
      .selectAll()
      .select([devicesColumn, trackingColumn])
      .where('account_id', '=', accountId)
      .where('worker_handle', '=', workerHandle);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(accountId: string, f: WorkerFilter, page: { limit: number; after?: string }): Promise<Worker[]> {
    let q = this.db.selectFrom('workers').selectAll().select([devicesColumn, trackingColumn]).where('account_id', '=', accountId);
    if (!f.includeDeleted) q = q.where('deleted_at', 'is', null);
    if (f.opsGroupHandles?.length) q = q.where('ops_group_handle', 'in', f.opsGroupHandles);
    if (f.workerHandles?.length) q = q.where('worker_handle', 'in', f.workerHandles);
    if (f.deviceId) {
      const deviceId = f.deviceId;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices')
            .select('device_id')
            .where('device_id', '=', deviceId)
            .whereRef('devices.account_id', '=', 'workers.account_id')
            .whereRef('devices.worker_handle', '=', 'workers.worker_handle'),
        ),
      );
    }
    if (f.searchTerm) {
      const like = `%${f.searchTerm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('worker_handle', 'ilike', like), eb('name', 'ilike', like)]));
    }
    if (f.available !== undefined) {
      q = q.where(sql<boolean>`(available and deleted_at is null) = ${f.available}`);
    }
    if (f.tracking !== undefined) q = q.where(sql<boolean>`${sql.raw(TRACKING_SQL)} = ${f.tracking}`);
    if (f.profile !== undefined) q = q.where(sql<boolean>`profile @> ${JSON.stringify(f.profile)}::jsonb`);
    if (page.after !== undefined) q = q.where('worker_handle', '>', page.after);
    return (await q.orderBy('worker_handle').limit(page.limit).execute()).map(fromRow);
  }

  async listRows(accountId: string, page: { limit: number; after?: string }, f: Pick<WorkerFilter, 'profile'> = {}): Promise<WorkerRow[]> {
    let q = this.db.selectFrom('workers').selectAll().where('account_id', '=', accountId).where('deleted_at', 'is', null);
    if (f.profile !== undefined) q = q.where(sql<boolean>`profile @> ${JSON.stringify(f.profile)}::jsonb`);
    if (page.after !== undefined) q = q.where('worker_handle', '>', page.after);
    return (await q.orderBy('worker_handle').limit(page.limit).execute()).map((r) => {
      const { deviceIds: _d, isTracking: _t, ...row } = fromRow({ ...r, device_ids: [] });
      return row;
    });
  }

  async insertDevice(d: Device): Promise<void> {
    await this.db
      .insertInto('devices')
      .values({
        device_id: d.deviceId,
        account_id: d.accountId,
        worker_handle: d.workerHandle,
        created_at: d.createdAt,
        token_hash: d.tokenHash,
      })
      .execute();
  }

  async findDevice(deviceId: string): Promise<Device | null> {
    const r = await this.db.selectFrom('devices').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
    return r
      ? {
          deviceId: r.device_id,
          accountId: r.account_id,
          workerHandle: r.worker_handle,
          createdAt: r.created_at,
          tokenHash: r.token_hash,
        }
      : null;
  }

  async setDeviceToken(deviceId: string, tokenHash: string): Promise<void> {
    await this.db.updateTable('devices').set({ token_hash: tokenHash }).where('device_id', '=', deviceId).execute();
  }
}
