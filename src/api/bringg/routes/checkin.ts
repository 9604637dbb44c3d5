import { z } from 'zod';
import { checkin } from '../../../services/bringg/way-point-visits.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { refOf, requireRef, TaskRefFields, VisitFields } from '../schemas.ts';

// Same body as checkout (reference §6, inferred); action code unknown, OAuth name URL only.
export const checkinService = defineService({
  name: 'checkin',
  code: null,
  summary: 'Check in at the active way point (status 3)',
  body: requireRef(z.looseObject({ ...TaskRefFields, ...VisitFields })),
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({
    task: renderTask(
      await checkin(ctx.deps, caller.accountId, caller.merchantId, refOf(b), {
        lat: b.lat ?? null,
        lng: b.lng ?? null,
        timeAt: b.time_at ? new Date(b.time_at) : null,
      }),
      ctx.publicUrl,
    ),
  }),
});
