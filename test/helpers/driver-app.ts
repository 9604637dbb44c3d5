import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ApiClient, TestApi } from './api.ts';
import { createWorker, orderItem, uniq } from './fixtures.ts';

/** A phone signed in to the driver app: its session cookies and CSRF token on every call. */
export interface DriverClient {
  workerHandle: string;
  deviceId: string;
  linkId: string;
  token: string;
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** An action with a fresh action id unless one is given. */
  act(stopId: string, action: string, body?: Record<string, unknown>): Promise<LightMyRequestResponse>;
}

let actions = 0;
export const actionId = () => `act-${process.pid}-${++actions}-${Date.now()}`;

/** Issues a link for the worker (a fresh one by default) and signs a phone in with it. */
export async function signInDriver(t: TestApi, api: ApiClient, worker?: { workerHandle: string; deviceId: string }): Promise<DriverClient> {
  const w = worker ?? (await createWorker(api));
  const link = await api.call('POST', `/workers/${w.workerHandle}/driver_links`, {});
  expect(link.statusCode, link.body).toBe(201);
  const { token, link_id } = link.json() as { token: string; link_id: string };
  const session = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token } });
  expect(session.statusCode, session.body).toBe(200);
  const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = session.json().csrf_token as string;
  const call: DriverClient['call'] = (method, url, body, headers = {}) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined || Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
  return {
    ...w,
    linkId: link_id,
    token,
    call,
    act: (stopId, action, body = {}) => call('POST', `/driver/api/stops/${stopId}/${action}`, { action_id: actionId(), ...body }),
  };
}

/** An order assigned (not started) to the worker; `extra` goes into the order item. */
export async function assignedOrder(api: ApiClient, workerHandle: string, extra: Record<string, unknown> = {}, handle = uniq('stop')): Promise<string> {
  const created = await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle, extra)] });
  expect(created.statusCode, created.body).toBe(201);
  const assigned = await api.call('POST', `/orders/${handle}/reassign`, { worker_handle: workerHandle });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return handle;
}

/** A tiny valid PNG (1×1 grey), for proof uploads. */
export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c636000000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** A JPEG's first bytes and some more: the type check reads the magic number only. */
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
