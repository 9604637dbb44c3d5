import { getPlanRun } from '../../../services/planning/start-plan-run.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { PlanIdParams, PlanResponse, renderPlanRun } from '../plan-schemas.ts';
import { commonErrors } from '../schemas.ts';

export const registerGetPlan = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/plan/:plan_id',
    schema: {
      tags: ['Plans'],
      summary: 'A plan run: its status, progress, the routes it made and the orders it could not place',
      params: PlanIdParams,
      response: { 200: PlanResponse, ...commonErrors },
    },
    handler: async (req) => {
      const { run, progress } = await getPlanRun(ctx.deps, req.accountId, req.params.plan_id);
      return renderPlanRun(run, progress);
    },
  });
