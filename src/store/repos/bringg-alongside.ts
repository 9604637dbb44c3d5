import type { AlongsidePart } from '../alongside.ts';
import {
  BRINGG_CUSTOMER_COLUMNS,
  BRINGG_TASK_COLUMNS,
  BRINGG_WAY_POINT_COLUMNS,
  type BringgCustomer,
  type BringgTask,
  type BringgWayPoint,
  bringgCustomerRecord,
  bringgTaskRecord,
  bringgWayPointRecord,
  customerFromJson,
} from './bringg.repo.ts';

/**
 * What a task-wide change sets on its Bringg task row. `details` is merged key by key into the
 * stored details, so a note appended meanwhile (create_note locks the row; this statement does
 * not) is kept; a null `automaticallyCancelled` leaves the column as it is.
 */
export interface BringgTaskPatch {
  taskId: number;
  accountId: string;
  automaticallyCancelled: number | null;
  details: Record<string, unknown>;
  updatedAt: Date;
}

declare module '../alongside.ts' {
  interface AlongsideRows {
    /** A new Bringg task and its way points beside the new stops (create_task). */
    bringgTasks?: BringgTask[];
    bringgWayPoints?: BringgWayPoint[];
    /**
     * Bringg customers upserted by the statement (create_task with a `customer` object), as
     * `BringgRepo.upsertCustomer` does: one with a known external_id gets `details` merged into it
     * and keeps its id, any other is inserted. Each row's `customerId` is a new id the caller took;
     * a task row naming that id in `customer_id` gets the id the customer has once stored.
     */
    bringgCustomers?: BringgCustomer[];
    /**
     * Bringg task rows patched with the change of their stops (cancel_task): each only when a stop of
     * its handle was written by the statement, so a change refused on its version leaves it too.
     */
    bringgTaskPatches?: BringgTaskPatch[];
  }
  interface AlongsideStored {
    /** In the order of `AlongsideRows.bringgCustomers`, as stored. */
    bringgCustomers: BringgCustomer[];
  }
}

const list = (cols: readonly string[]) => cols.join(', ');

/** The batcher key of a customer with an external id (one without cannot meet another row). */
const customerKey = (c: BringgCustomer): string[] => (c.externalId === null ? [] : [`bringg-customer\u0000${c.accountId}\u0000${c.externalId}`]);

/**
 * Bringg's rows in the order-change statement.
 * A Bringg task row is patched (`bu`) after its orders are written: every Bringg mutation locks
 * the orders, then the task (lockTaskView), so a cancel and a concurrent create_note cannot deadlock.
 * A Bringg customer is upserted in the statement (`bc`) like `BringgRepo.upsertCustomer`, and the
 * task row takes the id it is stored with (`bcid` maps the caller's new id to it): a statement
 * refused as a whole (a taken external_id, a handle with records) leaves the customer untouched.
 */
export const bringgAlongside: AlongsidePart = {
  name: 'bringg',
  inputs: [
    { key: 'bringgTasks', json: (rows) => JSON.stringify((rows as BringgTask[]).map(bringgTaskRecord)) },
    { key: 'bringgWayPoints', json: (rows) => JSON.stringify((rows as BringgWayPoint[]).map(bringgWayPointRecord)) },
    {
      key: 'bringgTaskPatches',
      json: (rows) =>
        JSON.stringify(
          (rows as BringgTaskPatch[]).map((p) => ({
            task_id: p.taskId,
            account_id: p.accountId,
            automatically_cancelled: p.automaticallyCancelled,
            details: p.details,
            updated_at: p.updatedAt,
          })),
        ),
    },
    { key: 'bringgCustomers', json: (rows) => JSON.stringify((rows as BringgCustomer[]).map(bringgCustomerRecord)) },
  ],
  ctes: (param) => `bc as (
  insert into bringg_customers (${list(BRINGG_CUSTOMER_COLUMNS)})
  select ${list(BRINGG_CUSTOMER_COLUMNS)} from json_populate_recordset(null::bringg_customers, ${param('bringgCustomers')}::json)
  on conflict (account_id, external_id) do update
    set details = bringg_customers.details || excluded.details, updated_at = excluded.updated_at
  returning *
),
bcid as (
  select c.customer_id as proposed, bc.*
  from json_populate_recordset(null::bringg_customers, ${param('bringgCustomers')}::json) c
    join bc on bc.customer_id = c.customer_id or (bc.account_id = c.account_id and bc.external_id = c.external_id)
),
bt as (
  insert into bringg_tasks (${list(BRINGG_TASK_COLUMNS)})
  select ${BRINGG_TASK_COLUMNS.map((c) => (c === 'customer_id' ? 'coalesce(bcid.customer_id, x.customer_id)' : `x.${c}`)).join(', ')}
  from json_populate_recordset(null::bringg_tasks, ${param('bringgTasks')}::json) x left join bcid on bcid.proposed = x.customer_id
),
bw as (
  insert into bringg_way_points (${list(BRINGG_WAY_POINT_COLUMNS)})
  select ${list(BRINGG_WAY_POINT_COLUMNS)} from json_populate_recordset(null::bringg_way_points, ${param('bringgWayPoints')}::json)
),
bu as (
  update bringg_tasks t
  set automatically_cancelled = coalesce(x.automatically_cancelled, t.automatically_cancelled),
    details = t.details || x.details, updated_at = x.updated_at
  from json_to_recordset(${param('bringgTaskPatches')}::json) as x(task_id bigint, account_id text, automatically_cancelled integer, details jsonb, updated_at timestamptz)
  where t.task_id = x.task_id and t.account_id = x.account_id
    and exists (select 1 from rec join u on u.id = rec.id where rec.account_id = t.account_id and rec.order_handle = t.order_handle)
)`,
  returns: {
    sql: '(select json_agg(bcid) from bcid)',
    split: (value, groups) => {
      const customers = new Map((value as Record<string, unknown>[]).map((r) => [Number(r.proposed), customerFromJson(r)]));
      return groups.map((g) => ({
        bringgCustomers: (g.bringgCustomers ?? []).map((c) => {
          const stored = customers.get(c.customerId);
          if (!stored) throw new Error(`customer ${c.customerId} was not stored by its statement`);
          return stored;
        }),
      }));
    },
  },
  keysOf: (rows) => (rows.bringgCustomers ?? []).flatMap(customerKey),
};
