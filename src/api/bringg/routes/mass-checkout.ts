import { z } from 'zod';
import { massCheckout } from '../../../services/bringg/way-point-visits.ts';
import { defineService } from '../context.ts';
import { refOf, requireRef, TaskRefFields, VisitFields } from '../schemas.ts';

// Bringg answers {success, request_id} and finishes asynchronously (reference §6); the body shape
// is unpublished, so Dropline takes `tasks: [{id|external_id, lat, lng, time_at}]` (OURS).
const Body = z.looseObject({
  tasks: z
    .array(requireRef(z.looseObject({ ...TaskRefFields, ...VisitFields })))
    .min(1)
    .max(500),
});

export const massCheckoutService = defineService({
  name: 'mass_checkout',
  code: '8c1e4828',
  summary: 'Check out of several orders at once (all or nothing)',
  body: Body,
  response: { request_id: z.string() },
  run: async (ctx, caller, b) => {
    const { requestId } = await massCheckout(
      ctx.deps,
      caller.accountId,
      caller.merchantId,
      b.tasks.map((t) => ({
        ref: refOf(t),
        visit: { lat: t.lat ?? null, lng: t.lng ?? null, timeAt: t.time_at ? new Date(t.time_at) : null },
      })),
    );
    return { request_id: requestId };
  },
});
