import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteTable } from '../../../src/api/shared/route-table.ts';
import { createAccount, type NewAccountCredentials } from '../../../src/services/accounts/create-account.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { fillPath, routesOf, UNKNOWN_KEY } from '../../helpers/route-walk.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { uberToken } from '../../helpers/dialect-tokens.ts';

const TOKEN_ROUTE = 'POST /oauth/v2/token';
/** The organizations API answers `{message}` (organizations-openapi.yaml), not the deliveries API's body. */
const isOrgRoute = (url: string) => url.startsWith('/v1/direct/');

describe.each(STORE_KINDS)('Uber: an unknown query key is refused by name, on every route (%s)', (kind) => {
  let t: TestApi;
  let creds: NewAccountCredentials;
  let token: string;
  const table = new RouteTable();

  beforeAll(async () => {
    t = await startTestApi(kind, { routeTable: table });
    await t.app.ready();
    creds = await createAccount(t.deps, 'strict-query');
    token = await uberToken(t, creds);
  });
  afterAll(() => t?.close());

  const call = (method: string, url: string, auth = true) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      payload: method === 'POST' ? '{}' : undefined,
    });

  it('every route answers its own validation error naming the key', async () => {
    const routes = routesOf(table, 'uber');
    expect(routes.length).toBeGreaterThanOrEqual(11);
    for (const r of routes) {
      const url = `${fillPath(r.url, { customer_id: creds.uber.customer_id })}?${UNKNOWN_KEY}=1`;
      const res = await call(r.method, url);
      expect(res.statusCode, `${r.method} ${url}: ${res.body}`).toBe(400);
      if (`${r.method} ${r.url}` === TOKEN_ROUTE) {
        expect(res.json()).toEqual({ error: 'invalid_request', error_description: `Unknown query parameter ${UNKNOWN_KEY}` });
      } else if (isOrgRoute(r.url)) {
        expect(res.json(), url).toEqual({ message: `${UNKNOWN_KEY} is not a known query parameter` });
      } else {
        expect(res.json(), url).toEqual({
          code: 'invalid_params',
          message: 'The parameters of your request were invalid.',
          kind: 'error',
          metadata: { [UNKNOWN_KEY]: 'This field is not supported.' },
        });
      }
    }
  });

  it('credentials come first: without a token an unknown key is still the 401', async () => {
    const res = await call('GET', `/v1/customers/${creds.uber.customer_id}/deliveries?${UNKNOWN_KEY}=1`, false);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' });
  });

  it('the keys a route takes still work, next to an unknown one refused', async () => {
    const withQuery = routesOf(table, 'uber').filter((r) => r.query.length > 0);
    expect(withQuery.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/customers/:customer_id/deliveries']);
    expect(new Set(withQuery[0]!.query)).toEqual(new Set(['filter', 'limit', 'offset', 'Offset']));
    const list = `/v1/customers/${creds.uber.customer_id}/deliveries`;
    for (const q of ['filter=ongoing&limit=5&offset=0', 'Offset=1']) {
      const res = await call('GET', `${list}?${q}`);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ data: [], total_count: -1 });
    }
    const mixed = await call('GET', `${list}?limit=5&${UNKNOWN_KEY}=1`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().metadata).toEqual({ [UNKNOWN_KEY]: 'This field is not supported.' });
  });
});
