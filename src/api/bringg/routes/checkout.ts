import { z } from 'zod';
import { checkout } from '../../../services/bringg/way-point-visits.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { refOf, requireRef, TaskRefFields, VisitFields } from '../schemas.ts';

export const checkoutService = defineService({
  name: 'checkout',
  code: '0cik4t9g',
  summary: 'Check out of the active way point; the last one completes the order (status 4)',
  body: requireRef(z.looseObject({ ...TaskRefFields, ...VisitFields })),
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({
    task: renderTask(
      await checkout(ctx.deps, caller.accountId, caller.merchantId, refOf(b), {
        lat: b.lat ?? null,
        lng: b.lng ?? null,
        timeAt: b.time_at ? new Date(b.time_at) : null,
      }),
      ctx.publicUrl,
    ),
  }),
});
