import { z } from 'zod';
import type { Deps } from '../../../services/deps.ts';
import { acceptStop, arriveAtStop, completeStop, type DriverLocation, failStop, rejectStop, startStop } from '../../../services/drivers/stop-actions.ts';
import type { DriverApp } from '../context.ts';
import { ActionId, BarcodeIn, errors, FailReasonSchema, Location, StopAnswer, StopParams } from '../schemas.ts';

const Plain = z.strictObject({ action_id: ActionId });
const Reject = z.strictObject({ action_id: ActionId, reason: z.string().max(280).nullish() });
const Arrive = z.strictObject({ action_id: ActionId, location: Location.nullish() });
const Complete = z.strictObject({
  action_id: ActionId,
  pin: z.string().min(1).max(16).nullish(),
  barcodes: z.array(BarcodeIn).max(50).nullish(),
  notes: z.string().max(500).nullish(),
  location: Location.nullish(),
  signer_name: z.string().max(100).nullish(),
});
const Fail = z.strictObject({ action_id: ActionId, reason: FailReasonSchema, notes: z.string().max(500).nullish(), location: Location.nullish() });

const located = (l: z.infer<typeof Location> | null | undefined): DriverLocation | null =>
  l ? { lat: l.lat, lng: l.lng, accuracy: l.accuracy ?? null } : null;

const schema = <B extends z.ZodType>(summary: string, body: B) => ({
  tags: ['Driver app'],
  summary,
  params: StopParams,
  body,
  response: { 200: StopAnswer, ...errors },
});

const answer = (out: { answer: unknown; replayed: boolean }) => ({ stop: out.answer, replayed: out.replayed });

/** The stop actions of docs/driver-app.md §3; each is replay-safe under its action_id. */
export function registerStopActionRoutes(app: DriverApp, deps: Deps) {
  app.post('/driver/api/stops/:stop_id/accept', { schema: schema('Accept a new assignment', Plain) }, async (req) =>
    answer(await acceptStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id)),
  );
  app.post('/driver/api/stops/:stop_id/reject', { schema: schema('Reject an assignment: the stop goes back to the dispatcher', Reject) }, async (req) =>
    answer(await rejectStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id, req.body.reason ?? null)),
  );
  app.post('/driver/api/stops/:stop_id/start', { schema: schema('Start the stop: on the way', Plain) }, async (req) =>
    answer(await startStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id)),
  );
  app.post('/driver/api/stops/:stop_id/arrive', { schema: schema('Arrived at the stop', Arrive) }, async (req) =>
    answer(await arriveAtStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id, located(req.body.location))),
  );
  app.post('/driver/api/stops/:stop_id/complete', { schema: schema('Complete the stop with its proof of delivery', Complete) }, async (req) =>
    answer(
      await completeStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id, {
        pin: req.body.pin ?? null,
        barcodes: (req.body.barcodes ?? []).map((b) => ({ value: b.value, type: b.type ?? null })),
        notes: req.body.notes ?? null,
        location: located(req.body.location),
        signerName: req.body.signer_name ?? null,
      }),
    ),
  );
  app.post('/driver/api/stops/:stop_id/fail', { schema: schema('The stop could not be delivered: say why', Fail) }, async (req) =>
    answer(
      await failStop(deps, req.driver.worker, req.params.stop_id, req.body.action_id, {
        reason: req.body.reason,
        notes: req.body.notes ?? null,
        location: located(req.body.location),
      }),
    ),
  );
}
