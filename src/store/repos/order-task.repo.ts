import type { Kysely } from 'kysely';
import type { OrderTask, TaskAttachment, TaskPriority, TaskStatus } from '../../core/order/task.ts';
import type { DB } from '../schema.ts';

export interface OrderTaskRepo {
  insert(tasks: OrderTask[]): Promise<void>;
  /** The order's tasks in creation order. */
  listForOrder(accountId: string, orderId: string): Promise<OrderTask[]>;
  find(accountId: string, orderId: string, taskId: string, opts?: { forUpdate?: boolean }): Promise<OrderTask | null>;
  update(task: OrderTask): Promise<void>;
  /** Whether a task was there to delete. */
  delete(accountId: string, orderId: string, taskId: string): Promise<boolean>;
}

// Task ids are server-made UUIDs; any other path segment names no task (and must not reach a uuid cast).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string));

/**
 * A task from its row: a Kysely row, or one element of the `json_agg` the order lookup embeds
 * (order.repo TASKS_SQL), whose timestamps arrive as strings.
 */
export function orderTaskFromRow(r: Record<string, unknown>): OrderTask {
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    orderId: r.order_id as string,
    label: r.label as string,
    description: (r.description as string | null) ?? null,
    metadata: json<Record<string, unknown> | null>(r.metadata ?? null),
    priority: (r.priority as TaskPriority | null) ?? null,
    status: r.status as TaskStatus,
    attachments: json<TaskAttachment[]>(r.attachments ?? []),
    createdAt: date(r.created_at) as Date,
    updatedAt: date(r.updated_at),
  };
}

const toRow = (t: OrderTask) => ({
  id: t.id,
  account_id: t.accountId,
  order_id: t.orderId,
  label: t.label,
  description: t.description,
  metadata: t.metadata === null ? null : JSON.stringify(t.metadata),
  priority: t.priority,
  status: t.status,
  attachments: JSON.stringify(t.attachments),
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

export class KyselyOrderTaskRepo implements OrderTaskRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(tasks: OrderTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await this.db.insertInto('order_tasks').values(tasks.map(toRow)).execute();
  }

  async listForOrder(accountId: string, orderId: string): Promise<OrderTask[]> {
    const rows = await this.db
      .selectFrom('order_tasks')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('order_id', '=', orderId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => orderTaskFromRow(r));
  }

  async find(accountId: string, orderId: string, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<OrderTask | null> {
    if (!UUID.test(taskId)) return null;
    let q = this.db.selectFrom('order_tasks').selectAll().where('account_id', '=', accountId).where('order_id', '=', orderId).where('id', '=', taskId);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? orderTaskFromRow(row) : null;
  }

  async update(task: OrderTask): Promise<void> {
    const { id, account_id, order_id, created_at: _c, ...row } = toRow(task);
    await this.db.updateTable('order_tasks').set(row).where('id', '=', id).where('account_id', '=', account_id).where('order_id', '=', order_id).execute();
  }

  async delete(accountId: string, orderId: string, taskId: string): Promise<boolean> {
    if (!UUID.test(taskId)) return false;
    const res = await this.db
      .deleteFrom('order_tasks')
      .where('account_id', '=', accountId)
      .where('order_id', '=', orderId)
      .where('id', '=', taskId)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
