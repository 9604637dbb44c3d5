import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Realm, RouteTable } from '../../src/api/shared/route-table.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { type OpenApiDocument, OpenApiContract } from '../helpers/openapi-contract.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { z } from 'zod';
import { DIALECTS } from '../../src/dialects.ts';
import type { Dialect } from '../../src/api/shared/dialect.ts';
import { defineRoute } from '../../src/api/shared/define-route.ts';

/** A dialect whose routes break their own documents, one way each. */
const driftingDialect = (): Dialect => ({
  name: 'drift',
  registerRoutes: async (app) => {
    const schema = { tags: ['Drift'], summary: 'drifts', response: { 200: z.strictObject({ ok: z.literal(true) }), 500: z.unknown() } };
    defineRoute(app, { method: 'GET', url: '/drift/teapot', schema, handler: async (_req, reply) => reply.status(418).send({ ok: true }) });
    defineRoute(app, { method: 'GET', url: '/drift/extra-field', schema, handler: async () => ({ ok: true, secret: 'undocumented' }) });
    // A plain (stripping) object deep inside: zod alone would drop the key and let the body pass.
    const nested = { ...schema, response: { ...schema.response, 200: z.object({ items: z.array(z.object({ ok: z.literal(true) })) }) } };
    defineRoute(app, {
      method: 'GET',
      url: '/drift/nested-extra-field',
      schema: nested,
      handler: async () => ({ items: [{ ok: true }, { ok: true, secret: 'undocumented' }] }),
    });
  },
});

/*
 * /openapi.json is the truth: every answer of the API suite is held to it (startTestApi wraps
 * inject with openapi-contract.ts). This file checks the document itself: each operation declares
 * every status its dialect's error handler can answer, the examples match their own schemas, and
 * the checker fails on what it must fail on.
 */

/** The statuses each realm's error handler may answer on any of its operations. */
const ERROR_STATUSES: Partial<Record<Realm, number[]>> = {
  native: [400, 401, 404, 409, 413, 422, 429, 500, 503],
  uber: [400, 401, 413, 429, 500, 503],
  // Bringg answers business refusals as 200 `success:false` (reference §4).
  bringg: [200, 400, 401, 413, 429, 500, 503],
};

type Op = {
  responses: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>;
  requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
};

const toPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/$/, '') || '/';

describe.each(STORE_KINDS)('OpenAPI contract (%s)', (kind) => {
  let t: TestApi;
  let doc: OpenApiDocument & { paths: Record<string, Record<string, Op>> };
  const table = new RouteTable();
  beforeAll(async () => {
    t = await startTestApi(kind, { routeTable: table });
    doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(() => t.close());

  it('every operation declares a success body and each status its dialect can answer, each with a JSON schema', () => {
    const missing: string[] = [];
    for (const r of table.routes) {
      const op = doc.paths[toPath(r.url)]?.[r.method.toLowerCase()];
      if (!op) continue;
      const statuses = Object.keys(op.responses).map(Number);
      if (!statuses.some((s) => s >= 200 && s < 300)) missing.push(`${r.method} ${r.url}: no 2xx`);
      for (const s of ERROR_STATUSES[r.realm] ?? []) if (!statuses.includes(s)) missing.push(`${r.method} ${r.url}: no ${s}`);
      for (const [s, resp] of Object.entries(op.responses)) {
        if (s !== '204' && !Object.values(resp.content ?? {}).some((c) => c.schema)) missing.push(`${r.method} ${r.url}: ${s} has no schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every documented dialect operation is one of the server’s routes', () => {
    const routed = new Set(table.routes.map((r) => `${r.method.toLowerCase()} ${toPath(r.url)}`));
    const orphans = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => !routed.has(`${m} ${p}`))
        .map((m) => `${m} ${p}`),
    );
    expect(orphans).toEqual([]);
  });

  it('every response example matches the schema of its status', () => {
    const contract = new OpenApiContract(doc);
    const wrong: string[] = [];
    let examples = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, resp] of Object.entries(op.responses)) {
          const example = resp.content?.['application/json']?.example;
          if (example === undefined) continue;
          examples++;
          const url = path.replace(/\{[^}]+\}/g, 'x');
          const res = { statusCode: Number(status), headers: { 'content-type': 'application/json' }, body: JSON.stringify(example) };
          wrong.push(...contract.problems(method.toUpperCase(), url, res));
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(examples).toBeGreaterThan(0);
  });

  it('every request example matches its body schema, and the main operations of each dialect carry one', () => {
    const contract = new OpenApiContract(doc);
    const wrong: string[] = [];
    const withExample = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const examples = Object.values(op.requestBody?.content?.['application/json']?.examples ?? {});
        if (examples.length === 0) continue;
        withExample.add(`${method.toUpperCase()} ${path}`);
        for (const e of examples) wrong.push(...contract.bodyProblems(method.toUpperCase(), path, e.value));
      }
    }
    expect(wrong).toEqual([]);
    const main = [
      'POST /orders/track',
      'POST /workers',
      'POST /devices/{device_id}/locations',
      'POST /orders/{order_handle}/cancel',
      'POST /v1/customers/{customer_id}/delivery_quotes',
      'POST /v1/customers/{customer_id}/deliveries',
      'POST /services/create_task',
      'POST /services/get_task',
    ];
    expect(main.filter((m) => !withExample.has(m))).toEqual([]);
  });

  it('every response object is closed but the ones that hold the client’s own keys', () => {
    // Each open object, by the name of the key that holds it, and why (a comment at its schema says the same).
    const OPEN = new Set([
      'metadata', // HyperTrack order, route, task and timeline metadata; Uber's error details: free JSON
      'profile', // a HyperTrack worker's profile: free JSON
      'extras', // Bringg's extras: free JSON
      'customer', // Bringg's customer: the client's record, kept verbatim
      'note', // Bringg's note: the client's create_note body beside Dropline's ids
      'task_notes[]',
      'task_inventories[]', // Bringg's inventory items as the client sent them
      'detail', // the native ValidationError: location → field → messages
      'detail.*',
      'data', // an order webhook's data: its fields past the common ones depend on `value`
    ]);
    const open = new Set<string>();
    const walk = (n: unknown, key: string, where: string) => {
      if (!n || typeof n !== 'object') return;
      const s = n as Record<string, unknown>;
      if ((s.type === 'object' || s.properties) && s.additionalProperties !== false && !OPEN.has(key)) open.add(`${where} ${key || '(body)'}`);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) walk(v, k, where);
      if (s.items) walk(s.items, `${key}[]`, where);
      for (const alt of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) for (const x of (s[alt] ?? []) as unknown[]) walk(x, key, where);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${key}.*`, where);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, resp] of Object.entries(op.responses)) {
          walk(resp.content?.['application/json']?.schema, '', `${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect([...open]).toEqual([]);
  });

  it('the checker refuses an undocumented status and a body its schema does not describe', () => {
    const contract = new OpenApiContract(doc);
    const json = { 'content-type': 'application/json' };
    expect(contract.problems('GET', '/orders/o-1', { statusCode: 418, headers: json, body: '{}' })).toEqual([
      'GET /orders/{order_handle} → 418: the status is not documented',
    ]);
    const bad = contract.problems('GET', '/orders/o-1', { statusCode: 401, headers: json, body: JSON.stringify({ message: 7 }) });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^GET \/orders\/\{order_handle\} → 401: /);
    expect(contract.problems('GET', '/orders/o-1', { statusCode: 401, headers: json, body: JSON.stringify({ detail: {}, message: 'Missing' }) })).toEqual([]);
  });

  it('a route that answers a status it does not document fails the request that got it', async () => {
    const f = await startTestApi(kind, { dialects: [...DIALECTS, driftingDialect()] });
    try {
      await expect(f.app.inject({ method: 'GET', url: '/drift/teapot' })).rejects.toThrow(
        'OpenAPI contract: GET /drift/teapot → 418: the status is not documented',
      );
    } finally {
      await f.close();
    }
  });

  it('a body its schema does not describe never leaves: the route answers 500 instead', async () => {
    const f = await startTestApi(kind, { dialects: [...DIALECTS, driftingDialect()] });
    try {
      for (const url of ['/drift/extra-field', '/drift/nested-extra-field']) {
        const res = await f.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toContain('undocumented');
      }
    } finally {
      await f.close();
    }
  });
});
