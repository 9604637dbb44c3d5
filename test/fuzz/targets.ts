import { z } from 'zod';
import { BY_NAME } from '../../src/api/bringg/services.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { basicAuth, PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { ACTION_CODES, twoStopTask } from '../helpers/bringg.ts';
import { deliveryReq, quoteReq } from '../helpers/uber.ts';

/** JSON Schema, as /openapi.json and z.toJSONSchema print it (only what the sampler reads). */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  default?: unknown;
}

/** One operation the fuzzer sends variants of: a baseline request that is (mostly) valid. */
export interface Target {
  name: string;
  method: string;
  /** Path template with `{param}` placeholders. */
  path: string;
  params: Record<string, string>;
  /** Query parameters the operation documents, with a plausible value each. */
  query: Record<string, string>;
  /** undefined: no body. */
  body?: unknown;
  /** `json` (default), `form` (URL-encoded) or `raw` (sent as is, e.g. OsmAnd key/value). */
  encoding?: 'json' | 'form' | 'raw';
  headers: Record<string, string>;
  /** SSE streams never end on success: only variants refused before the handler are sent. */
  stream?: boolean;
}

/** What the fixtures made: ids that exist, so baselines reach the store. */
export interface Fixtures {
  authorization: string;
  accountId: string;
  orderHandle: string;
  workerHandle: string;
  deviceId: string;
  routeHandle: string;
  shareCode: string;
  uber: { customerId: string; token: string; clientId: string; clientSecret: string; deliveryId: string };
  bringg: { token: string; uuid1: string; uuid2: string; clientId: string; clientSecret: string; taskId: number; externalId: string };
  web: { cookie: string; csrf: string };
  /** The driver app, signed in as fz-w1, and its stop (fz-o1). */
  driver: { cookie: string; csrf: string; stopId: string };
  webhookId: string;
}

const FUTURE = '2031-05-04T10:00:00Z';

/** A small valid-looking instance of a schema: every property (so every field gets mutated), first alternatives. */
export function sample(s: JsonSchema | undefined, name = '', depth = 0): unknown {
  if (!s || depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], name, depth);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, k, depth + 1);
      return out;
    }
    case 'array': {
      if (s.prefixItems) return s.prefixItems.map((p) => sample(p, name, depth + 1));
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, () => sample(s.items, name, depth + 1));
    }
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date-time') return FUTURE;
      if (s.format === 'uri') return 'https://example.com/hook';
      return `fz-${name || 'value'}`.padEnd(s.minLength ?? 1, 'x');
    default:
      return null;
  }
}

const point = { type: 'Point', coordinates: [13.4094, 52.5208] };

/** Baselines a schema cannot say: valid bodies for the operations whose happy path writes. */
function nativeBodies(f: Fixtures): Record<string, unknown> {
  return {
    'POST /orders/track': { track_mode: 'on_time', worker_handle: f.workerHandle, orders: [{ order_handle: 'fz-new', destination: { geometry: point } }] },
    'POST /orders': {
      plan_mode: 'manual',
      orders: [{ order_handle: 'fz-planned', scheduled_at: FUTURE, destination: { geometry: point }, metadata: { a: 1 } }],
    },
    'POST /workers': { worker_handle: 'fz-worker', name: 'Fuzz', device_id: 'fz-device', profile: {} },
    'POST /devices/{device_id}/locations': [{ recorded_at: new Date().toISOString(), lng: 13.4, lat: 52.5, accuracy: 5 }],
    // A private address is refused (allowPrivateWebhookUrls off): no endpoint, so no delivery attempts in the background.
    'POST /webhooks': { url: 'http://127.0.0.1:9/hook' },
    'PATCH /uber/pricing': { base_fee: 500, per_km: 100, per_minute: 20, currency: 'usd', pickup_minutes: 10 },
  };
}

/** Every operation of /openapi.json with a baseline, plus the endpoints the OpenAPI leaves out. */
export function buildTargets(
  openapi: {
    paths: Record<
      string,
      Record<string, { parameters?: { name: string; in: string; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
    >;
  },
  f: Fixtures,
): Target[] {
  const native = nativeBodies(f);
  const pathValues: Record<string, string> = {
    order_handle: f.orderHandle,
    worker_handle: f.workerHandle,
    device_id: f.deviceId,
    route_handle: f.routeHandle,
    webhook_id: f.webhookId,
    delivery_id: f.uber.deliveryId,
    customer_id: f.uber.customerId,
    code: ACTION_CODES.get_task!,
    uuid1: f.bringg.uuid1,
    uuid2: f.bringg.uuid2,
    name: 'get_task',
  };
  const out: Target[] = [];
  for (const [path, ops] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const key = `${method.toUpperCase()} ${path}`;
      const params: Record<string, string> = {};
      const query: Record<string, string> = {};
      for (const p of op.parameters ?? []) {
        if (p.in === 'path') params[p.name] = pathValues[p.name] ?? 'fz';
        if (p.in === 'query') query[p.name] = String(sample(p.schema, p.name));
      }
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const dialectHeaders = path.startsWith('/v1/') ? { authorization: `Bearer ${f.uber.token}` } : { authorization: f.authorization };
      const t: Target = {
        name: key,
        method: method.toUpperCase(),
        path,
        params,
        query,
        body: key in native ? native[key] : schema ? sample(schema) : undefined,
        headers: dialectHeaders,
        stream: path.endsWith('/stream'),
      };
      if (path.startsWith('/services') || path === '/oauth/token' || path === '/oauth/v2/token' || path.startsWith('/v1/')) continue;
      out.push(t);
    }
  }
  return [...out, ...uberTargets(f), ...bringgTargets(f), ...ingestTargets(f), ...publicTargets(f), ...driverTargets(f)];
}

function driverTargets(f: Fixtures): Target[] {
  const headers = { cookie: f.driver.cookie, 'x-csrf-token': f.driver.csrf, origin: PUBLIC_URL, host: new URL(PUBLIC_URL).host };
  const params = { stop_id: f.driver.stopId, kind: 'photo' };
  const t = (method: string, path: string, body?: unknown): Target => ({ name: `${method} ${path}`, method, path, params, query: {}, body, headers });
  const act = { action_id: 'fz-action-0001' };
  return [
    t('POST', '/driver/api/session', { token: 'drv.dlk_x.0123456789abcdef' }),
    t('GET', '/driver/api/session'),
    t('GET', '/driver/api/me'),
    t('POST', '/driver/api/shift', { ...act, on_shift: true }),
    t('GET', '/driver/api/stops'),
    t('GET', '/driver/api/stops/{stop_id}'),
    ...['accept', 'reject', 'start', 'arrive'].map((a) => t('POST', `/driver/api/stops/{stop_id}/${a}`, act)),
    t('POST', '/driver/api/stops/{stop_id}/complete', { ...act, pin: '1234', notes: 'fz', barcodes: [{ value: 'fz' }], location: { lat: 52.5, lng: 13.4 } }),
    t('POST', '/driver/api/stops/{stop_id}/fail', { ...act, reason: 'other', notes: 'fz' }),
    { name: 'GET /proofs/{proof_id}', method: 'GET', path: '/proofs/{proof_id}', params: { proof_id: 'prf_fz' }, query: { exp: '1', sig: 'x' }, headers: {} },
  ];
}

function uberTargets(f: Fixtures): Target[] {
  const base = `/v1/customers/{customer_id}`;
  const params = { customer_id: f.uber.customerId, delivery_id: f.uber.deliveryId };
  const headers = { authorization: `Bearer ${f.uber.token}` };
  const t = (method: string, path: string, body?: unknown, query: Record<string, string> = {}): Target => ({
    name: `${method} ${path}`,
    method,
    path,
    params,
    query,
    body,
    headers,
  });
  return [
    {
      name: 'POST /oauth/v2/token',
      method: 'POST',
      path: '/oauth/v2/token',
      params: {},
      query: {},
      encoding: 'form',
      headers: {},
      body: { client_id: f.uber.clientId, client_secret: f.uber.clientSecret, grant_type: 'client_credentials', scope: 'eats.deliveries' },
    },
    t('POST', `${base}/delivery_quotes`, quoteReq()),
    t('POST', `${base}/deliveries`, deliveryReq({ external_id: 'fz-ext', tip: 100 })),
    t('GET', `${base}/deliveries`, undefined, { filter: 'ongoing', limit: '10', offset: '0' }),
    t('GET', `${base}/deliveries/{delivery_id}`),
    t('POST', `${base}/deliveries/{delivery_id}`, { tip_by_customer: 100, dropoff_notes: 'Ring twice' }),
    t('POST', `${base}/deliveries/{delivery_id}/cancel`, {}),
    t('POST', `${base}/deliveries/{delivery_id}/proof-of-delivery`, { waypoint: 'dropoff', type: 'picture' }),
  ];
}

function bringgTargets(f: Fixtures): Target[] {
  const ref = { id: f.bringg.taskId, external_id: f.bringg.externalId };
  const bodies: Record<string, unknown> = {
    create_task: twoStopTask('fz-task', { tag_id: 1, customer: { external_id: 'fz-cust', name: 'Amelia' } }),
    update_task: { ...ref, title: 'Fuzzed', total_price: 10 },
    update_task_external_id: { id: f.bringg.taskId, new_external_id: 'fz-renamed' },
    create_customer: { external_id: 'fz-customer', name: 'Fuzz' },
    get_open_orders_by_customer: { customer_external_id: 'fz-cust' },
    create_note: { ...ref, note: 'hello', type: 0 },
    mass_checkout: { tasks: [ref] },
  };
  const out: Target[] = [
    {
      name: 'POST /oauth/token',
      method: 'POST',
      path: '/oauth/token',
      params: {},
      query: {},
      headers: {},
      body: { grant_type: 'client_credentials', client_id: f.bringg.clientId, client_secret: f.bringg.clientSecret },
    },
  ];
  for (const service of BY_NAME.values()) {
    let body = bodies[service.name];
    if (body === undefined) {
      const schema = z.toJSONSchema(service.body, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
      body = { ...(sample(schema) as object), ...ref };
    }
    out.push({
      name: `bringg ${service.name} (oauth)`,
      method: 'POST',
      path: '/services/{name}',
      params: { name: service.name },
      query: {},
      body,
      headers: { authorization: `Bearer ${f.bringg.token}` },
    });
    const code = ACTION_CODES[service.name];
    if (code) {
      out.push({
        name: `bringg ${service.name} (secret url)`,
        method: 'POST',
        path: '/services/{code}/{uuid1}/{uuid2}',
        params: { code, uuid1: f.bringg.uuid1, uuid2: f.bringg.uuid2 },
        query: {},
        body,
        headers: {},
      });
    }
  }
  return out;
}

function ingestTargets(f: Fixtures): Target[] {
  const now = Math.floor(Date.now() / 1000);
  return [
    {
      name: 'GET /osmand',
      method: 'GET',
      path: '/osmand',
      params: {},
      headers: {},
      query: { id: f.deviceId, lat: '52.52', lon: '13.40', timestamp: String(now), speed: '3', accuracy: '5' },
    },
    {
      name: 'POST /osmand (form)',
      method: 'POST',
      path: '/osmand',
      params: {},
      query: {},
      headers: {},
      encoding: 'form',
      body: { id: f.deviceId, lat: '52.52', lon: '13.40', timestamp: String(now) },
    },
    {
      name: 'POST /osmand (json)',
      method: 'POST',
      path: '/osmand',
      params: {},
      query: {},
      headers: {},
      body: { location: { timestamp: new Date().toISOString(), coords: { latitude: 52.52, longitude: 13.4, accuracy: 5 } }, device_id: f.deviceId },
    },
    {
      name: 'POST /owntracks',
      method: 'POST',
      path: '/owntracks',
      params: {},
      query: {},
      headers: { authorization: f.authorization, 'x-limit-d': f.deviceId },
      body: { _type: 'location', lat: 52.52, lon: 13.4, tst: now, acc: 5, tid: 'fz' },
    },
  ];
}

function publicTargets(f: Fixtures): Target[] {
  const web = { cookie: f.web.cookie, 'x-csrf-token': f.web.csrf, origin: PUBLIC_URL, host: new URL(PUBLIC_URL).host };
  const t = (method: string, path: string, params: Record<string, string>, body?: unknown, query: Record<string, string> = {}): Target => ({
    name: `${method} ${path}`,
    method,
    path,
    params,
    query,
    body,
    headers: web,
  });
  return [
    { name: 'GET /t/{code}', method: 'GET', path: '/t/{code}', params: { code: f.shareCode }, query: {}, headers: { accept: 'application/json' } },
    { name: 'GET /t/{code}/embed', method: 'GET', path: '/t/{code}/embed', params: { code: f.shareCode }, query: {}, headers: {} },
    { name: 'GET /t/{code}/stream', method: 'GET', path: '/t/{code}/stream', params: { code: f.shareCode }, query: {}, headers: {}, stream: true },
    t('POST', '/app/api/session', {}, { account_id: f.accountId, secret_key: 'wrong-secret' }),
    t('GET', '/app/api/session', {}),
    t('GET', '/app/api/orders', {}, undefined, { status: 'assigned', risk: 'ok', worker: f.workerHandle, from: FUTURE, to: FUTURE, q: 'x' }),
    t('GET', '/app/api/orders/{order_handle}', { order_handle: f.orderHandle }),
    t(
      'POST',
      '/app/api/orders',
      {},
      { order_handle: 'fz-web', lng: 13.4, lat: 52.5, address: 'Street 1', radius: 50, worker_handle: f.workerHandle, scheduled_at: FUTURE },
    ),
    t('POST', '/app/api/orders/{order_handle}/{action}', { order_handle: f.orderHandle, action: 'lock' }, { worker_handle: f.workerHandle }),
    t('GET', '/app/api/workers', {}),
    t('GET', '/app/api/devices', {}),
    { ...t('GET', '/app/api/stream', {}), stream: true },
  ];
}

/** The accounts, records and sessions every baseline refers to. */
export async function makeFixtures(t: TestApi): Promise<Fixtures> {
  const api = t.api;
  const expectOk = (r: { statusCode: number; body: string }, what: string) => {
    if (r.statusCode >= 300) throw new Error(`fixture ${what}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body || '{}');
  };
  const creds = await createAccount(t.deps, 'fuzz');
  const authorization = basicAuth(creds.account_id, creds.secret_key);
  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = { authorization }) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  void api;
  expectOk(await call('POST', '/workers', { worker_handle: 'fz-w1', name: 'Ada Fuzz', device_id: 'fz-d1' }), 'worker');
  const route = expectOk(
    await call('POST', '/orders/track', {
      track_mode: 'on_time',
      worker_handle: 'fz-w1',
      orders: [{ order_handle: 'fz-o1', destination: { geometry: point } }],
    }),
    'order',
  );
  const order = route.orders[0];
  const shareCode = String(order.share_url).split('/t/')[1]!;

  const uberToken = expectOk(
    await t.app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        client_id: creds.uber.live.client_id,
        client_secret: creds.uber.live.client_secret,
        grant_type: 'client_credentials',
        scope: 'eats.deliveries',
      }).toString(),
    }),
    'uber token',
  ).access_token as string;
  const delivery = expectOk(
    await call('POST', `/v1/customers/${creds.uber.customer_id}/deliveries`, deliveryReq(), { authorization: `Bearer ${uberToken}` }),
    'uber delivery',
  );
  const bringgToken = expectOk(
    await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: creds.bringg.client_id, client_secret: creds.bringg.client_secret },
    }),
    'bringg token',
  ).access_token as string;
  const task = expectOk(await call('POST', '/services/create_task', twoStopTask('fz-t1'), { authorization: `Bearer ${bringgToken}` }), 'bringg task').task;

  const host = new URL(PUBLIC_URL).host;
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/app/api/session',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL, host },
    payload: JSON.stringify({ account_id: creds.account_id, secret_key: creds.secret_key }),
  });
  const session = expectOk(signIn, 'web session');
  const cookies = ([] as string[])
    .concat(signIn.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const link = expectOk(await call('POST', '/workers/fz-w1/driver_links', {}), 'driver link');
  const driverIn = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token: link.token } });
  const driverSession = expectOk(driverIn, 'driver session');
  const driverCookie = driverIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const stops = expectOk(await call('GET', '/driver/api/stops', undefined, { cookie: driverCookie }), 'driver stops');
  return {
    driver: { cookie: driverCookie, csrf: driverSession.csrf_token, stopId: stops.stops[0].stop_id },
    authorization,
    accountId: creds.account_id,
    orderHandle: 'fz-o1',
    workerHandle: 'fz-w1',
    deviceId: 'fz-d1',
    routeHandle: route.route_handle,
    shareCode,
    uber: {
      customerId: creds.uber.customer_id,
      token: uberToken,
      clientId: creds.uber.live.client_id,
      clientSecret: creds.uber.live.client_secret,
      deliveryId: delivery.id,
    },
    bringg: {
      token: bringgToken,
      uuid1: creds.bringg.service_uuid_1,
      uuid2: creds.bringg.service_uuid_2,
      clientId: creds.bringg.client_id,
      clientSecret: creds.bringg.client_secret,
      taskId: task.id,
      externalId: task.external_id,
    },
    web: { cookie: cookies, csrf: session.csrf_token },
    // No endpoint exists (the dispatcher would attempt deliveries between two fingerprints): a well-formed unknown id.
    webhookId: 'wh_0000000000000000',
  };
}
