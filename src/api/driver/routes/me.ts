import { z } from 'zod';
import type { Deps } from '../../../services/deps.ts';
import { meJson, setShift } from '../../../services/drivers/shift.ts';
import type { DriverApp } from '../context.ts';
import { ActionId, errors, MeOut } from '../schemas.ts';

export function registerMeRoutes(app: DriverApp, deps: Deps) {
  app.get('/driver/api/me', { schema: { tags: ['Driver app'], summary: 'The signed-in driver', response: { 200: MeOut, ...errors } } }, async (req) => {
    const w = await deps.store.repos.workers.find(req.driver.accountId, req.driver.worker.workerHandle);
    return meJson(w ?? req.driver.worker, deps.clock.now());
  });

  app.post(
    '/driver/api/shift',
    {
      schema: {
        tags: ['Driver app'],
        summary: "Go on or off shift (the worker's work_status)",
        body: z.strictObject({ action_id: ActionId, on_shift: z.boolean() }),
        response: { 200: z.object({ me: MeOut, replayed: z.boolean() }), ...errors },
      },
    },
    async (req) => {
      const out = await setShift(deps, req.driver.worker, req.body.action_id, req.body.on_shift);
      return { me: out.answer, replayed: out.replayed };
    },
  );
}
