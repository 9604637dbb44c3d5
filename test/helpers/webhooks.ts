import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient } from './api.ts';

/** What a receiver does with `x-hypertrack-signature` (docs/webhooks.md): HMAC-SHA256 of the raw body, hex. */
export const expectedSignature = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

export async function createEndpoint(api: ApiClient, body: Record<string, unknown>) {
  const r = await api.call('POST', '/webhooks', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; secret: string; url: string };
}
