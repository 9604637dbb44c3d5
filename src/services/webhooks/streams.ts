import { createHash } from 'node:crypto';
import type { Route } from '../../core/route.ts';
import type { HtStreamType, StreamItem } from '../../core/webhook.ts';
import { isAvailable, type Worker } from '../../core/worker.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';

export type StreamOwner = 'route' | 'worker' | 'device';

/**
 * The outbox ordering key of a route, worker or device: receivers get one stream's events in
 * order (the dispatcher sends one pending event per endpoint and key at a time). A uuid made from
 * the names, so SQL can make the same one (ROUTE_STREAM_KEY_SQL in webhook-outbox.repo.ts).
 */
export function streamKey(owner: StreamOwner, accountId: string, key: string): string {
  const h = createHash('md5').update(`${owner}:${accountId}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface StreamEventInput {
  accountId: string;
  stream: HtStreamType;
  owner: StreamOwner;
  key: string;
  deviceId: string | null;
  workerHandle: string | null;
  items: StreamItem[];
  createdAt: Date;
}

/** One outbox row of a stream event; recorded at its newest envelope. */
export function streamEvent(e: StreamEventInput): NewOutboxEvent {
  const recordedAt = e.items.reduce((max, i) => (i.recorded_at > max ? i.recorded_at : max), e.items[0]!.recorded_at);
  return {
    accountId: e.accountId,
    orderId: streamKey(e.owner, e.accountId, e.key),
    type: `ht_${e.stream}`,
    recordedAt: new Date(recordedAt),
    createdAt: e.createdAt,
    subject: { stream: e.stream, device_id: e.deviceId, worker_handle: e.workerHandle, items: e.items },
  };
}

/** The route's fields in a route event's `data` (the route object's names, reference §10). */
export function routeData(r: Route, value: string): Record<string, unknown> {
  return {
    value,
    route_handle: r.routeHandle,
    status: r.status,
    version: r.version,
    ops_group_handle: r.opsGroupHandle ?? 'default',
    plan_mode: r.planMode,
    track_mode: r.trackMode,
    plan_id: r.planId,
    metadata: r.metadata,
  };
}

/**
 * Route events (reference §8 route values), one row each, in the order given, all at `at`.
 * `created`, `assigned`, `started`, `completed` are what Dropline's route changes are.
 */
export function routeEvents(r: Route, values: readonly string[], at: Date): NewOutboxEvent[] {
  return values.map((value) =>
    streamEvent({
      accountId: r.accountId,
      stream: 'route',
      owner: 'route',
      key: r.routeHandle,
      deviceId: r.deviceId,
      workerHandle: r.workerHandle,
      items: [{ recorded_at: at.toISOString(), data: routeData(r, value) }],
      createdAt: at,
    }),
  );
}

/** The values a new route announces: created, then assigned (a worker) and started (tracking). */
export function newRouteValues(r: Route): string[] {
  const values = ['created'];
  if (r.workerHandle) values.push('assigned');
  if (r.status === 'tracking') values.push('started');
  return values;
}

/**
 * Worker events (reference §8 worker values) for a change from `before` (null: just created) to
 * `after`: `device_linked` per newly linked device, `work_status_updated` when availability
 * (work status or deletion) changed or the worker is new. A name or profile edit has no worker value in the reference: it sends none.
 */
export function workerEvents(before: Worker | null, after: Worker, at: Date): NewOutboxEvent[] {
  const iso = at.toISOString();
  const items: { deviceId: string | null; data: Record<string, unknown> }[] = [];
  const had = new Set(before?.deviceIds ?? []);
  for (const id of after.deviceIds) {
    if (!had.has(id)) items.push({ deviceId: id, data: { value: 'device_linked', worker_handle: after.workerHandle, device_id: id } });
  }
  // A new worker's work status starts; after that, its work status or its deletion changes it.
  const wasAvailable = before ? isAvailable(before) : null;
  const available = isAvailable(after);
  if (wasAvailable !== available) {
    items.push({
      deviceId: after.deviceIds.at(-1) ?? null,
      data: { value: 'work_status_updated', worker_handle: after.workerHandle, work_status: { available, tracking: after.isTracking } },
    });
  }
  return items.map((i) =>
    streamEvent({
      accountId: after.accountId,
      stream: 'worker',
      owner: 'worker',
      key: after.workerHandle,
      deviceId: i.deviceId,
      workerHandle: after.workerHandle,
      items: [{ recorded_at: iso, data: i.data }],
      createdAt: at,
    }),
  );
}
