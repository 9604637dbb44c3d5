import { expect } from 'vitest';
import type { ApiClient } from './api.ts';

let seq = 0;
export const uniq = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

export const SAN_JOSE = {
  geometry: { type: 'Point', coordinates: [-121.8610066, 37.3263062] },
  address: '748 Story Rd, San Jose, CA 95112',
  radius: 100,
};

/** A worker with a phone; returns its handle and device id. */
export async function createWorker(api: ApiClient, handle = uniq('worker')) {
  const deviceId = uniq('device').toUpperCase();
  const r = await api.call('POST', '/workers', { worker_handle: handle, name: handle, device_id: deviceId });
  expect(r.statusCode, r.body).toBe(201);
  return { workerHandle: handle, deviceId };
}

export const orderItem = (orderHandle: string, extra: Record<string, unknown> = {}) => ({
  order_handle: orderHandle,
  destination: SAN_JOSE,
  scheduled_at: '2030-01-01T10:00:00.000Z',
  metadata: { customerID: '12654' },
  ...extra,
});

/** An ongoing order tracked by a fresh worker. */
export async function trackedOrder(api: ApiClient, orderHandle = uniq('order')) {
  const worker = await createWorker(api);
  const r = await api.call('POST', '/orders/track', {
    worker_handle: worker.workerHandle,
    track_mode: 'on_time',
    orders: [orderItem(orderHandle)],
  });
  expect(r.statusCode, r.body).toBe(201);
  return { orderHandle, ...worker, route: r.json() as { route_handle: string } };
}

/** An unplanned order (POST /orders without a worker). */
export async function unplannedOrder(api: ApiClient, orderHandle = uniq('order')) {
  const r = await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(orderHandle)] });
  expect(r.statusCode, r.body).toBe(201);
  return orderHandle;
}

/** The order exactly as stored, for before/after comparisons. */
export async function snapshot(api: ApiClient, orderHandle: string) {
  const r = await api.call('GET', `/orders/${orderHandle}`);
  expect(r.statusCode).toBe(200);
  return r.json();
}
