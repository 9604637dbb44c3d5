import { z } from 'zod';
import type { Deps } from '../../../services/deps.ts';
import { listStops } from '../../../services/drivers/list-stops.ts';
import { stopNotFound } from '../../../services/drivers/stop-actions.ts';
import { stopAnswer } from '../../../services/drivers/stop-answer.ts';
import { stopJson } from '../../../services/drivers/stop-json.ts';
import type { DriverApp } from '../context.ts';
import { errors, StopOut, StopParams } from '../schemas.ts';

export function registerStopRoutes(app: DriverApp, deps: Deps) {
  app.get(
    '/driver/api/stops',
    {
      schema: {
        tags: ['Driver app'],
        summary: "Today's stops of the signed-in driver, in route order",
        response: { 200: z.object({ stops: z.array(StopOut) }), ...errors },
      },
    },
    async (req) => {
      const stops = await listStops(deps, req.driver.worker);
      return { stops: stops.map((s) => stopJson(s)) };
    },
  );

  app.get(
    '/driver/api/stops/:stop_id',
    {
      schema: {
        tags: ['Driver app'],
        summary: 'One stop of the signed-in driver',
        params: StopParams,
        response: { 200: z.object({ stop: StopOut }), ...errors },
      },
    },
    async (req) => {
      const { accountId, worker } = req.driver;
      const repos = deps.store.repos;
      const ref = await repos.drivers.findStop(accountId, req.params.stop_id);
      const order = ref && ref.workerHandle === worker.workerHandle ? await repos.orders.find(accountId, ref.key) : null;
      if (!order || order.workerHandle !== worker.workerHandle) throw stopNotFound(req.params.stop_id);
      return { stop: await stopAnswer(deps, repos, order) };
    },
  );
}
