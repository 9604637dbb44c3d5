import { startPlanRun } from '../../../services/planning/start-plan-run.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { PlanBody, PlanResponse, renderPlanRun } from '../plan-schemas.ts';
import { commonErrors } from '../schemas.ts';

export const registerCreatePlan = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/plan',
    schema: {
      tags: ['Plans'],
      summary: "Plan an ops group's unplanned orders for a date (Dropline's own operation; answers at once, poll GET /orders/plan/{plan_id})",
      body: PlanBody,
      response: { 202: PlanResponse, ...commonErrors },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const run = await startPlanRun(ctx.deps, req.accountId, {
        opsGroupHandle: b.ops_group_handle,
        date: b.date,
        orderHandles: b.order_handles,
        workerHandles: b.worker_handles,
        timeBudgetSeconds: b.time_budget,
        timezone: b.timezone,
      });
      // Only a cut-off's run can meet an earlier one of its group and date.
      if (!run) throw new Error('an API plan run was refused as a duplicate');
      return reply.status(202).send(renderPlanRun(run, 0));
    },
  });
