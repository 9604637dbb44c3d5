import type { PlanRun } from '../../core/plan-run.ts';

/** The fields that name a plan run and say how far it is, first in both the native API's and the dashboard's body. */
export const planRunHeading = (run: PlanRun, progress: number) => ({
  plan_id: run.planId,
  status: run.status,
  progress,
  ops_group_handle: run.opsGroupHandle,
  date: run.planDate,
});
