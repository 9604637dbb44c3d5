import { z } from 'zod';
import { updateTask } from '../../../services/bringg/update-task.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { NoteSchema, noteInput, refOf, requireRef, TaskFieldsSchema, TaskRefFields, taskDetails, wayPointDetails, WayPointSchema } from '../schemas.ts';

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

const Body = requireRef(
  z.looseObject({
    ...TaskRefFields,
    ...TaskFieldsSchema,
    notes: z.array(NoteSchema).nullish(),
    way_points: z
      .array(WayPointSchema.refine((wp) => wp.id != null || wp.position != null, { message: 'id or position is required', path: ['id'] }))
      .max(2)
      .nullish(),
  }),
);

export const updateTaskService = defineService({
  name: 'update_task',
  code: 'm4ldfk58',
  summary: 'Update an order: fields, notes, way points, driver (external_id only via update_task_external_id)',
  body: Body,
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => {
    const view = await updateTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b), {
      extras: b.extras ?? null,
      details: taskDetails(b),
      notes: (b.notes ?? []).map(noteInput),
      wayPoints: (b.way_points ?? []).map((wp) => ({
        id: wp.id ?? null,
        position: wp.position ?? null,
        lat: wp.lat ?? null,
        lng: wp.lng ?? null,
        address: wp.address ?? null,
        scheduledAt: date(wp.scheduled_at),
        noEarlierThan: date(wp.no_earlier_than),
        noLaterThan: date(wp.no_later_than),
        etos: wp.etos ?? null,
        details: wayPointDetails(wp),
      })),
      driver: { userId: b.user_id, externalUserId: b.external_user_id ?? b.user_external_id },
    });
    return { task: renderTask(view, ctx.publicUrl) };
  },
});
