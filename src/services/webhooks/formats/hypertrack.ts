import { HT_STREAM_TYPES, isStreamSubject, type OutboxEvent, orderSubject, type StreamSubject } from '../../../core/webhook.ts';
import type { DialectWebhookFormat } from '../../dialects/dialect.ts';
import { hmacHex } from '../signers.ts';
import type { RenderContext, WebhookRenderer } from './format.ts';

interface HtOrderValue {
  /** `data.value` (HyperTrack reference §8). */
  value: string;
  /** Fields this value adds to `data`, read from the event (e.g. arrival for `arrived`). */
  extra?: (event: OutboxEvent) => Record<string, unknown>;
}

/**
 * Timeline event type → HyperTrack order webhook. Tracking adds arrived/exited/first_eta/
 * eta_change/delayed/n_minutes_away/risk_updated here as its events appear; types missing from
 * the table (order_planned, order_dispatched, order_rescheduled) have no HyperTrack webhook.
 */
/** The event's own fields, without the identity fields the envelope already carries. */
function fieldsOf(e: OutboxEvent): Record<string, unknown> {
  const { order_handle: _h, fulfillment_attempt: _a, route_handle: _r, ...fields } = orderSubject(e).data;
  return fields;
}

function crossing(e: OutboxEvent) {
  const loc = orderSubject(e).data.location as { geometry: unknown; recorded_at: string } | undefined;
  return { location: loc?.geometry ?? null, recorded_at: loc?.recorded_at ?? e.recordedAt.toISOString() };
}

const taskOf = (e: OutboxEvent) => ({ task: orderSubject(e).data.task });

export const HT_ORDER_VALUES: Record<string, HtOrderValue> = {
  order_created: { value: 'created' },
  order_assigned: { value: 'assigned' },
  order_started: { value: 'started' },
  order_completed: { value: 'completed' },
  order_cancelled: { value: 'cancelled' },
  order_disabled: { value: 'disabled' },
  order_enabled: { value: 'enabled' },
  order_updated: { value: 'updated' },
  // Reference §8: arrived → arrival {location, recorded_at}; exited → exit {…}, reason.
  order_geofence_entered: { value: 'arrived', extra: (e) => ({ arrival: crossing(e) }) },
  order_geofence_exited: { value: 'exited', extra: (e) => ({ exit: crossing(e), reason: 'location' }) },
  // Webhook-only tracking news: their fields are already in the reference's names.
  order_first_eta: { value: 'first_eta', extra: fieldsOf },
  order_eta_change: { value: 'eta_change', extra: fieldsOf },
  order_delayed: { value: 'delayed', extra: fieldsOf },
  order_n_minutes_away: { value: 'n_minutes_away', extra: fieldsOf },
  order_risk_updated: { value: 'risk_updated', extra: fieldsOf },
  // OpenAPI OrderTask*WebhookEventData: `task` is the OrderTaskResponse after the change.
  order_task_created: { value: 'task_created', extra: taskOf },
  order_task_updated: { value: 'task_updated', extra: taskOf },
  order_task_completed: { value: 'task_completed', extra: taskOf },
  // The driver app's (docs/driver-app.md): HyperTrack has no driver acceptance, so these values are Dropline's.
  order_accepted: { value: 'accepted', extra: (e) => ({ driver_handle: orderSubject(e).data.driver_handle }) },
  order_rejected: { value: 'rejected', extra: (e) => ({ driver_handle: orderSubject(e).data.driver_handle, reason: orderSubject(e).data.reason }) },
  // A driver's tap on "arrived" where the geofence had not said it: the same value as a geofence arrival.
  order_driver_arrived: { value: 'arrived', extra: (e) => ({ arrival: crossing(e), reason: 'driver' }) },
};

/**
 * What a filter may name: every order value of the reference (§8), so filters can name values
 * Dropline will send later, and the other envelope types, each naming all events of that type
 * (their values overlap the order values: a route also has `completed`).
 */
export const HT_FILTERABLE_VALUES = [
  ...HT_STREAM_TYPES,
  'created',
  'planning_started',
  'planning_completed',
  'planning_failed',
  'started',
  'assigned',
  'first_eta',
  'eta_change',
  'delayed',
  'n_minutes_away',
  'disabled',
  'enabled',
  'updated',
  'arrived',
  'exited',
  'completed',
  'cancelled',
  'device_switched',
  'on_device_geofence_checked',
  'risk_updated',
  'billing_details_updated',
  'task_created',
  'task_updated',
  'task_completed',
  'timesheet_updated',
  'location_timesheet_finalized',
  'accepted',
  'rejected',
] as const;

const shareUrl = (publicUrl: string, code: string) => `${publicUrl}/t/${code}`;

/**
 * One event envelope as HyperTrack documents it (skills webhooks.md "Payload structure"):
 * `data` always has value, order_handle and status (the status right after the event); then the
 * optional fields the reference lists as "often" present, when the order has them.
 */
export function hypertrackDocument(event: OutboxEvent, ctx: Pick<RenderContext, 'publicUrl'>): Record<string, unknown> | null {
  if (isStreamSubject(event.subject)) return null;
  const spec = HT_ORDER_VALUES[event.type];
  if (!spec) return null;
  const s = event.subject;
  const data: Record<string, unknown> = { value: spec.value, order_handle: s.order_handle, status: s.status };
  if (s.route_handle) data.route_handle = s.route_handle;
  data.share_url = shareUrl(ctx.publicUrl, s.share_code);
  data.metadata = s.metadata;
  if (s.scheduled_at) data.scheduled_at = s.scheduled_at;
  Object.assign(data, spec.extra?.(event));
  return {
    created_at: event.createdAt.toISOString(),
    recorded_at: event.recordedAt.toISOString(),
    device_id: s.device_id,
    worker_handle: s.worker_handle,
    account_id: event.accountId,
    type: 'order',
    data,
    version: '3.0.0',
  };
}

/**
 * The envelopes of a route, worker or device event, in the same envelope as order events
 * (skills webhooks.md "Payload structure"); `location` only where the event has a position.
 */
export function streamDocuments(event: OutboxEvent, s: StreamSubject): Record<string, unknown>[] {
  return s.items.map((item) => ({
    created_at: event.createdAt.toISOString(),
    recorded_at: item.recorded_at,
    device_id: s.device_id,
    worker_handle: s.worker_handle,
    account_id: event.accountId,
    type: s.stream,
    data: item.data,
    ...(item.location ? { location: item.location } : {}),
    version: '3.0.0',
  }));
}

export const hypertrackRenderer: WebhookRenderer = {
  format: 'hypertrack',
  eventNames: HT_FILTERABLE_VALUES,
  eventName: (event) => (isStreamSubject(event.subject) ? event.subject.stream : (HT_ORDER_VALUES[event.type]?.value ?? null)),
  // The body is always an array (skills webhooks.md: "Always iterate over the array"); a batch of
  // location fixes is one array of several envelopes.
  render: (event, ctx) => JSON.stringify(isStreamSubject(event.subject) ? streamDocuments(event, event.subject) : [hypertrackDocument(event, ctx)]),
};

/**
 * HyperTrack: `x-hypertrack-signature`; the vendor does not publish the algorithm, Dropline uses
 * hex HMAC-SHA256 of the raw body (HyperTrack reference §8, inferred). "Return 2xx or 4xx —
 * anything else triggers retries" (skills webhooks.md), so a 4xx is a final answer. Retries
 * "keep the same x-amz-sns-message-id" (reference §8): it is the event id.
 */
export const hypertrackWebhookFormat: DialectWebhookFormat = {
  format: 'hypertrack',
  renderer: hypertrackRenderer,
  sign: (e, body) => ({ 'x-hypertrack-signature': hmacHex(e.secret, body) }),
  verdict: (status) => (status >= 400 && status < 500 ? 'rejected' : 'retry'),
  signsWithPreviousSecret: true,
  headers: (event) => ({ 'x-amz-sns-message-id': event.eventId }),
};
