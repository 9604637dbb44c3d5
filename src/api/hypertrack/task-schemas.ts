import { z } from 'zod';
import { TASK_PRIORITIES, TASK_STATUSES, TASK_UPDATE_STATUSES } from '../../core/order/task.ts';
import { identifier } from '../shared/storable.ts';

// Request schemas follow HyperTrack's OpenAPI (OrderTaskList, BaseOrderTask,
// UpdateOrderTaskRequest); unknown fields are refused rather than dropped.

const metadata = z.record(z.string(), z.unknown());

/** The OpenAPI lets a task be copied from a task definition; Dropline has no task definitions API. */
const noTaskDefinition = z.null({ error: 'Dropline has no task definitions: give the tasks themselves (label, description, metadata, priority)' }).optional();

export const TaskIdParams = z.object({ order_handle: identifier(), task_id: z.string().min(1).max(255) });

const BaseOrderTask = z.strictObject({
  label: z.string().min(1).max(255),
  task_definition_id: noTaskDefinition,
  description: z.string().nullish(),
  metadata: metadata.nullish(),
  priority: z.enum(TASK_PRIORITIES).nullish(),
});

/** Tasks one request may add: enough for any checklist, small enough for one statement. */
export const MAX_TASKS_PER_REQUEST = 100;

export const CreateTasksBody = z.strictObject({
  task_definition_id: noTaskDefinition,
  tasks: z.array(BaseOrderTask).min(1).max(MAX_TASKS_PER_REQUEST),
});

const Attachment = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('image'), url: z.string().min(1), caption: z.string().nullish() }),
  z.strictObject({ type: z.literal('note'), data: z.string() }),
  z.strictObject({ type: z.literal('signature'), url: z.string().min(1) }),
]);

export const UpdateTaskBody = z.strictObject({
  label: z.string().min(1).max(255).nullish(),
  status: z.enum(TASK_UPDATE_STATUSES).nullish(),
  description: z.string().nullish(),
  priority: z.enum(TASK_PRIORITIES).nullish(),
  metadata: metadata.nullish(),
  // OpenAPI: 1 to 10 attachments, added to the task's.
  attachments: z.array(Attachment).min(1).max(10).nullish(),
});

/** What core/order/task.ts attachmentWire sends: the request's attachment plus its id. */
const AttachmentResponse = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('image'), url: z.string(), caption: z.string().optional(), attachment_id: z.string() }),
  z.strictObject({ type: z.literal('note'), data: z.string(), attachment_id: z.string() }),
  z.strictObject({ type: z.literal('signature'), url: z.string(), attachment_id: z.string() }),
]);

/** OrderTaskResponse; `metadata` is the client's free JSON, as on the order. */
export const TaskResponse = z.strictObject({
  task_id: z.string(),
  label: z.string(),
  description: z.string().optional(),
  metadata: metadata.optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  status: z.enum(TASK_STATUSES),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime().optional(),
  attachments: z.array(AttachmentResponse).optional(),
});

export const TaskListResponse = z.strictObject({ tasks: z.array(TaskResponse) });
