import { expect } from 'vitest';
import type { ApiClient } from './api.ts';

export type Json = Record<string, any>;

/**
 * A caller that expects `status` (200 unless told) and answers the parsed body. `client` is read at
 * each call, so a suite can make its caller before beforeAll has started the server.
 */
export const jsonCall =
  (client: () => ApiClient) =>
  async (method: string, url: string, body?: unknown, status = 200): Promise<Json> => {
    const r = await client().call(method, url, body);
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as Json;
  };

export type JsonCall = ReturnType<typeof jsonCall>;
