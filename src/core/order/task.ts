/**
 * An order's checklist task (HyperTrack OpenAPI: BaseOrderTask, UpdateOrderTaskRequest,
 * OrderTaskResponse). Statuses and priorities are the OpenAPI's enums; a task starts `pending`
 * and a PATCH may move it to any of the others.
 */
export const TASK_STATUSES = ['pending', 'ongoing', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What UpdateOrderTaskRequest.status accepts: `pending` is only where a task starts. */
export const TASK_UPDATE_STATUSES = ['ongoing', 'completed', 'cancelled'] as const;
export type TaskUpdateStatus = (typeof TASK_UPDATE_STATUSES)[number];

export const TASK_PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export type NewTaskAttachment = { type: 'image'; url: string; caption?: string | null } | { type: 'note'; data: string } | { type: 'signature'; url: string };

/** A stored attachment: the request's, with the id HyperTrack's response attachments carry. */
export type TaskAttachment = NewTaskAttachment & { attachmentId: string };

export interface OrderTask {
  id: string;
  accountId: string;
  orderId: string;
  label: string;
  description: string | null;
  metadata: Record<string, unknown> | null;
  priority: TaskPriority | null;
  status: TaskStatus;
  attachments: TaskAttachment[];
  createdAt: Date;
  updatedAt: Date | null;
}

export interface NewTask {
  label: string;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  priority?: TaskPriority | null;
}

/** A PATCH's fields; an absent field keeps its value. */
export interface TaskPatch {
  label?: string;
  status?: TaskUpdateStatus;
  description?: string;
  priority?: TaskPriority;
  metadata?: Record<string, unknown>;
  attachments?: NewTaskAttachment[];
}

export function newTask(t: NewTask, ids: { id: string; accountId: string; orderId: string }, now: Date): OrderTask {
  return {
    ...ids,
    label: t.label,
    description: t.description ?? null,
    metadata: t.metadata ?? null,
    priority: t.priority ?? null,
    status: 'pending',
    attachments: [],
    createdAt: now,
    updatedAt: null,
  };
}

/**
 * The task after `patch`. Metadata keys merge into the task's, as an order's do on PATCH; the
 * OpenAPI says attachments are added, never removed.
 */
export function patchTask(task: OrderTask, patch: TaskPatch, now: Date, attachmentId: () => string): OrderTask {
  return {
    ...task,
    label: patch.label ?? task.label,
    status: patch.status ?? task.status,
    description: patch.description ?? task.description,
    priority: patch.priority ?? task.priority,
    metadata: patch.metadata ? { ...(task.metadata ?? {}), ...patch.metadata } : task.metadata,
    attachments: patch.attachments ? [...task.attachments, ...patch.attachments.map((a) => ({ ...a, attachmentId: attachmentId() }))] : task.attachments,
    updatedAt: now,
  };
}

/** The order webhook a task change sends (OpenAPI OrderWebhookEvent: task_created, task_updated, task_completed). */
export type TaskEventType = 'order_task_created' | 'order_task_updated' | 'order_task_completed';

export const taskChangeEvent = (before: OrderTask, after: OrderTask): TaskEventType =>
  after.status === 'completed' && before.status !== 'completed' ? 'order_task_completed' : 'order_task_updated';

/**
 * The task in HyperTrack's wire names (OrderTaskResponse), as the order object, the task
 * operations and the task webhooks show it. Like the rest of the order object, keys without a
 * value are left out.
 */
export function taskWire(t: OrderTask): Record<string, unknown> {
  const out: Record<string, unknown> = { task_id: t.id, label: t.label };
  if (t.description !== null) out.description = t.description;
  if (t.metadata !== null) out.metadata = t.metadata;
  if (t.priority !== null) out.priority = t.priority;
  out.status = t.status;
  out.created_at = t.createdAt.toISOString();
  if (t.updatedAt) out.updated_at = t.updatedAt.toISOString();
  if (t.attachments.length) out.attachments = t.attachments.map(attachmentWire);
  return out;
}

function attachmentWire(a: TaskAttachment): Record<string, unknown> {
  switch (a.type) {
    case 'image':
      return { type: 'image', url: a.url, ...(a.caption != null ? { caption: a.caption } : {}), attachment_id: a.attachmentId };
    case 'note':
      return { type: 'note', data: a.data, attachment_id: a.attachmentId };
    case 'signature':
      return { type: 'signature', url: a.url, attachment_id: a.attachmentId };
  }
}
