import type { Kysely } from 'kysely';
import type { PlanRun, PlanRunRequest, PlanRunResult, PlanRunStatus, PlanRunTrigger } from '../../core/plan-run.ts';
import type { DB } from '../schema.ts';

export interface PlanRunRepo {
  /** Inserts the run; false (nothing written) when a cut-off already planned that group and date. */
  insert(run: PlanRun): Promise<boolean>;
  find(accountId: string, planId: string): Promise<PlanRun | null>;
  /** Writes the run's status, result, error and times. */
  update(run: PlanRun): Promise<void>;
  /** Runs that never finished, oldest first (a process stopped during them). */
  listUnfinished(): Promise<PlanRun[]>;
}

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const fromRow = (r: DB['plan_runs']): PlanRun => ({
  accountId: r.account_id,
  planId: r.plan_id,
  opsGroupHandle: r.ops_group_handle,
  planDate: r.plan_date,
  trigger: r.trigger as PlanRunTrigger,
  status: r.status as PlanRunStatus,
  request: revive<PlanRunRequest>(r.request),
  result: r.result === null ? null : revive<PlanRunResult>(r.result),
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export class KyselyPlanRunRepo implements PlanRunRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(run: PlanRun): Promise<boolean> {
    const res = await this.db
      .insertInto('plan_runs')
      .values({
        account_id: run.accountId,
        plan_id: run.planId,
        ops_group_handle: run.opsGroupHandle,
        plan_date: run.planDate,
        trigger: run.trigger,
        status: run.status,
        request: JSON.stringify(run.request),
        result: run.result === null ? null : JSON.stringify(run.result),
        error: run.error,
        created_at: run.createdAt,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async find(accountId: string, planId: string): Promise<PlanRun | null> {
    const row = await this.db.selectFrom('plan_runs').selectAll().where('account_id', '=', accountId).where('plan_id', '=', planId).executeTakeFirst();
    return row ? fromRow(row as DB['plan_runs']) : null;
  }

  async update(run: PlanRun): Promise<void> {
    await this.db
      .updateTable('plan_runs')
      .set({
        status: run.status,
        result: run.result === null ? null : JSON.stringify(run.result),
        error: run.error,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
      })
      .where('account_id', '=', run.accountId)
      .where('plan_id', '=', run.planId)
      .execute();
  }

  async listUnfinished(): Promise<PlanRun[]> {
    const rows = await this.db.selectFrom('plan_runs').selectAll().where('finished_at', 'is', null).orderBy('created_at').execute();
    return rows.map((r) => fromRow(r as DB['plan_runs']));
  }
}
