import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteTable } from '../../../src/api/shared/route-table.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { fillPath, routesOf, UNKNOWN_KEY } from '../../helpers/route-walk.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

/** A valid value for each query key the checks below send; a route's other keys are left out. */
const VALUES: Record<string, string> = {
  type: 'drop',
  fulfillment_attempt: '0',
  version: '1',
  limit: '1',
  include_deleted: 'false',
  sort_direction: 'desc',
  state: 'dead',
  // GET /orders/estimate's stops: a URL-encoded JSON array.
  orders: encodeURIComponent(JSON.stringify([{ destination: { geometry: { type: 'Point', coordinates: [-121.9, 37.3] } } }])),
};

describe.each(STORE_KINDS)('HyperTrack: an unknown query key is a 422 naming it, on every route (%s)', (kind) => {
  let t: TestApi;
  const table = new RouteTable();

  beforeAll(async () => {
    t = await startTestApi(kind, { routeTable: table });
    await t.app.ready();
  });
  afterAll(() => t?.close());

  const call = (method: string, url: string) => t.api.call(method, url, ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined);

  it('every native route refuses a key it does not take, with the marshmallow body', async () => {
    const routes = routesOf(table, 'native');
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      const known = r.query.filter((k) => VALUES[k]).map((k) => `${k}=${VALUES[k]}`);
      const url = `${fillPath(r.url, { delivery_id: '1' })}?${[...known, `${UNKNOWN_KEY}=1`, 'Limit=2'].join('&')}`;
      const res = await call(r.method, url);
      expect(res.statusCode, `${r.method} ${url}: ${res.body}`).toBe(422);
      expect(res.json(), `${r.method} ${url}`).toEqual({
        detail: { query: { [UNKNOWN_KEY]: ['Unknown field.'], Limit: ['Unknown field.'] } },
        message: 'Validation error',
      });
    }
  });

  it('credentials are checked before the query', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/orders?${UNKNOWN_KEY}=1` });
    expect(res.statusCode).toBe(401);
  });

  it('the keys a route takes still pass: the route answers, not the query check', async () => {
    const withQuery = routesOf(table, 'native').filter((r) => r.query.length > 0);
    expect(withQuery.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /orders', 'GET /workers', 'GET /orders/:order_handle', 'POST /orders/routes/:route_handle/complete']),
    );
    for (const r of withQuery) {
      const known = r.query.filter((k) => VALUES[k]).map((k) => `${k}=${VALUES[k]}`);
      expect(known.length, `${r.method} ${r.url} takes ${r.query.join(', ')}: give one a value above`).toBeGreaterThan(0);
      const url = `${fillPath(r.url, { delivery_id: '1' })}?${known.join('&')}`;
      const res = await call(r.method, url);
      // A body the route reads after the query (`{}` is not every route's) may still be refused: not the query.
      expect(res.json().detail?.query, `${r.method} ${url}: ${res.body}`).toBeUndefined();
      expect(res.statusCode, `${r.method} ${url}: ${res.body}`).toBeLessThan(500);
    }
    const list = await t.api.call('GET', '/orders?limit=1&sort_direction=asc&status=completed');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({ orders: [], pagination_token: null });
    const workers = await t.api.call('GET', '/workers?limit=5&include_deleted=true');
    expect(workers.statusCode, workers.body).toBe(200);
  });
});
