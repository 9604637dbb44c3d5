import { z } from 'zod';
import type { BringgCaller } from '../../../services/bringg/bringg-auth.ts';
import { type CreateTaskInput, createTask } from '../../../services/bringg/create-task.ts';
import { defineService } from '../context.ts';
import { createTaskExample } from '../examples.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { CustomerSchema, customerInput, intId, NoteSchema, noteInput, TaskFieldsSchema, taskDetails, toWayPointInput, WayPointSchema } from '../schemas.ts';
import { identifier } from '../../shared/storable.ts';

// Bringg: more than two way points is a 400 (reference §4; the message is truncated in our sources).
const TOO_MANY = 'An order can not include more than 2 way points';

export const CreateTaskBody = z.looseObject({
  ...TaskFieldsSchema,
  external_id: identifier().nullish(),
  customer: CustomerSchema.nullish(),
  customer_id: intId.nullish(),
  notes: z.array(NoteSchema).nullish(),
  way_points: z
    .array(
      WayPointSchema.refine((wp) => wp.lat != null && wp.lng != null, {
        message: 'lat and lng are required: Dropline has no geocoder for addresses',
        path: ['lat'],
      }),
    )
    .min(1, 'at least one way point is required')
    .max(2, TOO_MANY),
});

type CreateTaskBody = z.output<typeof CreateTaskBody>;

export const createTaskService = defineService({
  name: 'create_task',
  code: '6f15901b',
  summary: 'Create an order (task) with one or two way points',
  body: CreateTaskBody,
  response: { task: TaskResponse },
  examples: createTaskExample,
  run: async (ctx, caller, b) => {
    const view = await createTask(ctx.deps, caller.accountId, caller.merchantId, createTaskInput(caller, b));
    return { task: renderTask(view, ctx.publicUrl) };
  },
});

/** The service's input from a parsed body (exported so a test can send one request down both create paths). */
export const createTaskInput = (caller: BringgCaller, b: CreateTaskBody): CreateTaskInput => ({
  externalId: b.external_id ?? null,
  customerId: b.customer_id ?? null,
  customer: b.customer ? customerInput(b.customer) : null,
  wayPoints: b.way_points.map(toWayPointInput),
  driver: { userId: b.user_id, externalUserId: b.external_user_id ?? b.user_external_id },
  taskTypeId: b.task_type_id ?? null,
  extras: b.extras ?? null,
  // A body tag_id overrides the tag bound to the service URL (reference §1).
  details: { ...taskDetails(b), tag_id: b.tag_id ?? caller.tagId ?? null },
  notes: (b.notes ?? []).map(noteInput),
});
