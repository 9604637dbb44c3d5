import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RC } from '../../../src/api/bringg/errors.ts';
import { BY_CODE, BY_NAME } from '../../../src/api/bringg/services.ts';
import { RouteTable } from '../../../src/api/shared/route-table.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { type BringgClient, bringgClient } from '../../helpers/bringg.ts';
import { routesOf, UNKNOWN_KEY } from '../../helpers/route-walk.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const refusal = (keys: string[]) => ({ success: false, message: keys.map((k) => `${k}: Unknown query parameter`).join('; '), rc: RC.validation });

describe.each(STORE_KINDS)('Bringg: an unknown query key is refused by name, on every route (%s)', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const table = new RouteTable();

  beforeAll(async () => {
    t = await startTestApi(kind, { routeTable: table });
    await t.app.ready();
    b = await bringgClient(t);
  });
  afterAll(() => t?.close());

  const post = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: '{}' });

  /** The request a route answers: each service through each URL style, the unknown-service fallbacks, the token endpoint, the 405s. */
  function request(method: string, url: string): { url: string; headers?: Record<string, string> } {
    const secret = (code: string) => `/services/${code}/${b.creds.bringg.service_uuid_1}/${b.creds.bringg.service_uuid_2}/`;
    if (method !== 'POST') return { url: url.replace(':name', 'get_task').replace(':code', 'x').replace(':uuid1', 'x').replace(':uuid2', 'x') };
    const bearer = { authorization: `Bearer ${b.token}` };
    if (url === '/services/:name') return { url: '/services/no_such_service', headers: bearer };
    if (url === '/services/:code/:uuid1/:uuid2') return { url: secret('no-such-code') };
    if (BY_NAME.has(url.slice('/services/'.length))) return { url, headers: bearer };
    const code = /^\/services\/([^/:]+)\/:uuid1\/:uuid2$/.exec(url)?.[1];
    if (code && BY_CODE.has(code)) return { url: secret(code) };
    return { url };
  }

  it('every route answers its own error naming the key; a wrong method is still 405 first', async () => {
    const routes = routesOf(table, 'bringg');
    expect(
      routes.every((r) => r.query.length === 0),
      'no Bringg route takes a query: everything is in the body',
    ).toBe(true);
    for (const r of routes) {
      const req = request(r.method, r.url);
      const url = `${req.url}?${UNKNOWN_KEY}=1&access_token=${b.token}`;
      const res = r.method === 'POST' ? await post(url, req.headers) : await t.app.inject({ method: r.method as 'GET', url, headers: req.headers });
      const label = `${r.method} ${url}: ${res.body}`;
      if (r.method !== 'POST') {
        expect(res.statusCode, label).toBe(405);
      } else if (r.url === '/services/:name' || r.url === '/services/:code/:uuid1/:uuid2') {
        // An unknown service is the 404 before anything about the request is looked at.
        expect(res.statusCode, label).toBe(404);
        expect(res.json(), label).toMatchObject({ success: false, rc: RC.unknownService });
      } else if (r.url === '/oauth/token') {
        expect(res.statusCode, label).toBe(400);
        expect(res.json()).toEqual({ error: 'invalid_request', error_description: `Unknown query parameter ${UNKNOWN_KEY}` });
      } else {
        expect(res.statusCode, label).toBe(400);
        expect(res.json(), label).toEqual(refusal([UNKNOWN_KEY, 'access_token']));
      }
    }
  });

  it('credentials come first: a bad token or service URL with an unknown key is the 401', async () => {
    const bad = await post(`/services/get_open_tasks?${UNKNOWN_KEY}=1`, { authorization: 'Bearer nope' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ success: false, message: 'Invalid or expired token', rc: RC.auth });
    // Credentials in the token URL stay the 401 Bringg documents (reference §3).
    const inUrl = await post(`/oauth/token?client_id=${b.creds.bringg.client_id}&${UNKNOWN_KEY}=1`);
    expect(inUrl.statusCode).toBe(401);
  });

  it('without a query every service still answers', async () => {
    const open = await post('/services/get_open_tasks', { authorization: `Bearer ${b.token}` });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toMatchObject({ success: true, rc: RC.ok });
    const code = [...BY_CODE.entries()].find(([, s]) => s.name === 'get_open_tasks')![0];
    const bySecret = await post(`/services/${code}/${b.creds.bringg.service_uuid_1}/${b.creds.bringg.service_uuid_2}/`);
    expect(bySecret.json()).toMatchObject({ success: true, rc: RC.ok });
  });
});
