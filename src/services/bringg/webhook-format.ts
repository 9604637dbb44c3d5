import { type OutboxEvent, orderSubject } from '../../core/webhook.ts';
import type { DialectWebhookFormat } from '../dialects/dialect.ts';
import type { RenderContext, WebhookRenderer } from '../webhooks/formats/format.ts';
import { bringgStopPlace, bringgTaskSnapshot, type StopRef } from './webhook-task.ts';

interface BringgType {
  /** Event of the last way point (the task-level change). */
  task?: string;
  /** Event of an earlier way point. */
  wayPoint?: string;
}

/**
 * Timeline event type → Bringg `webhook_type` (reference §11). Task-wide calls (create, assign,
 * start, cancel, end) change every open stop at once, so each emits one event per stop; only the
 * last way point's event speaks for the task (it is open until the task finishes), which sends
 * each task webhook once. `task_done`, `task_checked_in`, `way_point_left`, `driver_on_the_way`
 * are VERIFIED names; `task_created`, `task_assigned`, `task_cancelled`, `task_updated` are the
 * reference's inferred guesses (Bringg does not publish them).
 */
export const BRINGG_WEBHOOK_TYPES: Record<string, BringgType> = {
  order_created: { task: 'task_created' },
  order_assigned: { task: 'task_assigned' },
  // Starting a task puts it "on the way" (status 2, reference §8).
  order_started: { task: 'driver_on_the_way' },
  // A check-in at any way point makes the task "checked in" (status 3).
  order_geofence_entered: { task: 'task_checked_in', wayPoint: 'task_checked_in' },
  // Checking out completes the stop: the last way point ends the task, an earlier one is left.
  order_completed: { task: 'task_done', wayPoint: 'way_point_left' },
  order_cancelled: { task: 'task_cancelled' },
  order_updated: { task: 'task_updated', wayPoint: 'task_updated' },
  // The driver app (docs/driver-app.md): accepting or rejecting changes the task's status (6, 8).
  order_accepted: { task: 'task_updated', wayPoint: 'task_updated' },
  order_rejected: { task: 'task_updated', wayPoint: 'task_updated' },
  order_driver_arrived: { task: 'way_point_arrived', wayPoint: 'way_point_arrived' },
};

/** Every `webhook_type` of the reference plus the inferred ones, so filters may name any of them. */
export const BRINGG_FILTERABLE_TYPES = [
  'task_created',
  'task_assigned',
  'task_cancelled',
  'task_updated',
  'task_done',
  'task_checked_in',
  'way_point_arrived',
  'way_point_left',
  'way_point_schedule_changed',
  'driver_on_the_way',
  'note_created',
  'created_form',
  'task_assigned_to_dp',
  'order_accepted_by_fleet',
  'task_reassign_reason_created',
  'driver_location_updated',
  'driver_unavailable_status_changed',
  'driver_left_home',
  'driver_got_home',
  'driver_started_break',
  'driver_ended_break',
  'customer_created',
  'scan_created',
  'inventory_scanned',
  'customer_tipped',
  'task_cashout_created',
] as const;

function stopOf(e: OutboxEvent): StopRef {
  const s = orderSubject(e);
  return { accountId: e.accountId, orderHandle: s.order_handle, type: s.type, typeIndex: s.type_index };
}

const WAY_POINT_TYPES = new Set(['task_checked_in', 'way_point_left']);

async function bringgType(event: OutboxEvent, ctx: RenderContext): Promise<string | null> {
  const spec = BRINGG_WEBHOOK_TYPES[event.type];
  if (!spec) return null;
  // A Bringg integrator knows Bringg tasks only: a native or Uber order sends nothing.
  const place = await bringgStopPlace(ctx.repos, stopOf(event));
  if (!place) return null;
  return (place.last ? spec.task : spec.wayPoint) ?? null;
}

/**
 * The newer wrapped shape (reference §11, VERIFIED example):
 * `{"task": {...}, "webhook_type": "task_done", "merchant_id": 123}`; way point events add the
 * way point they are about. The task carries `updated_at` so receivers can drop stale events.
 */
async function render(event: OutboxEvent, ctx: RenderContext): Promise<string> {
  const type = await bringgType(event, ctx);
  const snapshot = await bringgTaskSnapshot(ctx.repos, stopOf(event), ctx.publicUrl);
  if (!type || !snapshot) throw new Error(`event ${event.eventId} is no longer a Bringg task event`);
  const body: Record<string, unknown> = { task: snapshot.task };
  if (WAY_POINT_TYPES.has(type)) body.way_point = snapshot.wayPoint;
  body.webhook_type = type;
  body.merchant_id = snapshot.merchantId;
  return JSON.stringify(body);
}

export const bringgRenderer: WebhookRenderer = {
  format: 'bringg',
  eventNames: BRINGG_FILTERABLE_TYPES,
  eventName: bringgType,
  render,
};

export const DEFAULT_BRINGG_AUTH_HEADER = 'authorization';

/**
 * Bringg: no body signature exists; the secret is sent as a static header of the merchant's
 * choosing (Bringg reference §11, "static headers"), so a rotation cannot send a second one.
 * Retried on 500/502/503/504 (reference §11); any other answer is final.
 */
export const bringgWebhookFormat: DialectWebhookFormat = {
  format: 'bringg',
  renderer: bringgRenderer,
  sign: (e) => ({ [(e.authHeaderName ?? DEFAULT_BRINGG_AUTH_HEADER).toLowerCase()]: e.secret }),
  verdict: (status) => ([500, 502, 503, 504].includes(status) ? 'retry' : 'rejected'),
  signsWithPreviousSecret: false,
};
