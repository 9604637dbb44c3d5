import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RC } from '../../src/api/bringg/errors.ts';
import { BY_CODE, BY_NAME } from '../../src/api/bringg/services.ts';
import { type Realm, type RouteEntry, RouteTable } from '../../src/api/shared/route-table.ts';
import { createAccount, type NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import { basicAuth, startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { PICKUP as BRINGG_PICKUP, DROPOFF as BRINGG_DROPOFF } from '../helpers/bringg.ts';
import { orderItem } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { bringgToken, uberToken } from '../helpers/dialect-tokens.ts';
import { deliveryReq, quoteReq } from '../helpers/uber.ts';

/*
 * Every route the server registers is either held to its dialect's auth rules here or listed as
 * public with a reason. A route added without either fails the first test.
 *   no credentials  → that dialect's 401 body
 *   bad credentials → 401
 *   another account → never A's object: the dialect's not-found, or its own (empty) data
 */

const ADMIN_TOKEN = 'admin-token-for-the-route-security-test';

/** Public by design: the reason is the review. `optional` routes exist only in some builds. */
const PUBLIC: Record<string, { why: string; optional?: boolean }> = {
  'GET /healthz': { why: 'liveness probe for orchestrators; says only "ok" and the store kind' },
  'GET /readyz': { why: 'readiness probe; says only whether the store answers' },
  'GET /metrics': { why: 'Prometheus scrape; guarded by DROPLINE_METRICS_TOKEN when set (operations.test.ts)' },
  'GET /openapi.json': { why: 'the API description is public' },
  'GET /docs': { why: 'Swagger UI for the public API description' },
  'GET /docs/': { why: 'Swagger UI', optional: true },
  'GET /docs/static/index.html': { why: 'Swagger UI asset' },
  'GET /docs/static/*': { why: 'Swagger UI assets' },
  'GET /docs/static/swagger-initializer.js': { why: 'Swagger UI asset' },
  'GET /docs/json': { why: 'the API description' },
  'GET /docs/yaml': { why: 'the API description' },
  'GET /t/:code': { why: 'share page: the unguessable code is the credential (share-view tests)' },
  'GET /t/:code/embed': { why: 'share page, embeddable' },
  'GET /t/:code/stream': { why: 'share page stream; carries only its own order (streams.test.ts)' },
  'GET /': { why: 'redirects to the dashboard shell (/app); it reads nothing' },
  'GET /app': { why: 'the dashboard shell page; every byte of data comes from /app/api' },
  'GET /driver': { why: 'the driver app shell page; every byte of data comes from /driver/api' },
  'GET /driver/:file': { why: "the driver app's service worker, manifest and icons (a fixed list of build files)" },
  'GET /app/routes/:route_handle': { why: "a route's embed_url: a shell page; its data comes from /view, which needs a session or a route embed token" },
  'GET /assets/*': { why: 'hashed static assets of the web build', optional: true },
  'GET /basemap/region.pmtiles': { why: 'the operator-provided basemap file (DROPLINE_BASEMAP), map data only', optional: true },
  'POST /app/api/session': { why: 'sign-in: the credentials are the body' },
  'GET /app/api/session': { why: 'answers signed_in:false without a session; the page asks it first' },
  'POST /oauth/token': { why: 'Bringg token endpoint: client credentials are the body' },
  'POST /driver/api/session': { why: "driver sign-in: the link's token is the body (driver-app security tests)" },
  'GET /driver/api/session': { why: 'answers signed_in:false without a session; the driver app asks it first' },
  'GET /proofs/:proof_id': { why: 'a proof image behind a signed, expiring URL: the signature is the credential (driver-app proofs test)' },
  'POST /oauth/v2/token': { why: 'Uber token endpoint: client credentials are the body' },
  ...Object.fromEntries(
    ['GET', 'PUT', 'PATCH', 'DELETE'].flatMap((m) =>
      ['/services/:name', '/services/:code/:uuid1/:uuid2', '/oauth/token'].map((u) => [
        `${m} ${u}`,
        { why: 'Bringg: a wrong method is 405 before anything else; it reads no data' },
      ]),
    ),
  ),
  ...Object.fromEntries(
    ['GET', 'HEAD', 'TRACE', 'DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY'].map((m) => [
      `${m} /osmand`,
      { why: 'OsmAnd/Traccar: the device id is the credential (reference §1); unknown ids record nothing (osmand.test.ts)' },
    ]),
  ),
};

interface Account {
  creds: NewAccountCredentials;
  basic: string;
  uberToken: string;
  bringgToken: string;
  /** Dashboard session: cookie header and CSRF token. */
  cookie: string;
  csrf: string;
  /** A driver of the account signed in to the driver app: its worker, cookie header and CSRF token. */
  driverWorker: string;
  driverCookie: string;
  driverCsrf: string;
  driverLink: string;
}

/** Account A's objects; B is handed exactly these ids. Each is unique text, so a leak is a substring. */
interface Fixture {
  A: Account;
  order: string;
  route: string;
  worker: string;
  device: string;
  webhook: string;
  delivery: string;
  task: string;
  taskId: number;
  /** A native checklist task on A's order. */
  orderTask: string;
  customer: string;
  /** A sub-organization of A's (Uber CreateOrg). */
  org: string;
  /** The embed_url of A's order. */
  embedUrl: string;
  /** A plan run of A's (POST /orders/plan). */
  plan: string;
  /** A stop of A's driver (an order record id) and A's driver link. */
  stop: string;
  driverLink: string;
}

type Caller = { kind: 'none' } | { kind: 'bad' } | { kind: 'account'; acct: Account };
type Req = Omit<InjectOptions, 'method'> & { url: string; body?: unknown; headers?: Record<string, string> };

/** What another account must get back. */
type Other = 'not_found' | 'own' | { status: number; why: string } | { skip: string };
const isSkip = (o: Other): o is { skip: string } => typeof o === 'object' && 'skip' in o;

interface Case {
  realm: Realm;
  /** One or more requests (Bringg's one route serves many services). */
  requests(f: Fixture, c: Caller): Req[];
  other: Other | ((index: number) => Other);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const callerOf = (f: Fixture, c: Caller) => (c.kind === 'account' ? c.acct : f.A);

const NO_HEADERS: Record<string, string> = {};
const headersFor: Record<Realm, (f: Fixture, c: Caller) => Record<string, string>> = {
  native: (f, c) => (c.kind === 'none' ? NO_HEADERS : { authorization: c.kind === 'bad' ? basicAuth(f.A.creds.account_id, 'wrong-secret') : c.acct.basic }),
  ingest: (f, c) => headersFor.native(f, c),
  uber: (_f, c) => (c.kind === 'none' ? NO_HEADERS : bearer(c.kind === 'bad' ? 'not-a-token' : c.acct.uberToken)),
  bringg: (_f, c) => (c.kind === 'none' ? NO_HEADERS : bearer(c.kind === 'bad' ? 'not-a-token' : c.acct.bringgToken)),
  web: (_f, c) =>
    c.kind === 'none' ? NO_HEADERS : c.kind === 'bad' ? { cookie: 'dl_session=forged.value' } : { cookie: c.acct.cookie, 'x-csrf-token': c.acct.csrf },
  driver: (_f, c) =>
    c.kind === 'none'
      ? NO_HEADERS
      : c.kind === 'bad'
        ? { cookie: 'dl_driver=forged.value.1.2.3' }
        : { cookie: c.acct.driverCookie, 'x-csrf-token': c.acct.driverCsrf },
  admin: (_f, c) => (c.kind === 'none' ? NO_HEADERS : { 'x-dropline-admin-token': c.kind === 'bad' ? 'wrong' : ADMIN_TOKEN }),
  server: () => ({}),
};

const json = (o: unknown) => ({ body: JSON.stringify(o) });

/** The 401 each realm answers, for no credentials and for bad ones. */
const UNAUTHORIZED: Record<Realm, { none: unknown; bad: unknown }> = {
  native: {
    none: { detail: {}, message: 'Missing credentials: use HTTP Basic with account_id:secret_key' },
    bad: { detail: {}, message: 'Invalid credentials' },
  },
  ingest: { none: 'Missing credentials: use HTTP Basic with account_id and secret_key or device token', bad: 'Invalid credentials' },
  uber: {
    none: { code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' },
    bad: { code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' },
  },
  bringg: {
    none: { success: false, message: 'Missing bearer token', rc: RC.auth },
    bad: { success: false, message: 'Invalid or expired token', rc: RC.auth },
  },
  web: {
    none: { error: { code: 'unauthorized', message: 'Sign in to continue' } },
    bad: { error: { code: 'unauthorized', message: 'Sign in to continue' } },
  },
  driver: {
    none: { error: { code: 'unauthorized', message: 'Sign in again with the link from your dispatcher' } },
    bad: { error: { code: 'unauthorized', message: 'Sign in again with the link from your dispatcher' } },
  },
  admin: { none: { message: 'Admin token required' }, bad: { message: 'Admin token required' } },
  server: { none: null, bad: null },
};

const one = (realm: Realm, other: Other, build: (f: Fixture, c: Caller) => Req): Case => ({ realm, other, requests: (f, c) => [build(f, c)] });
const native = (other: Other, build: (f: Fixture) => Req) => one('native', other, (f) => build(f));
const web = (other: Other, build: (f: Fixture) => Req) => one('web', other, (f) => build(f));
const driver = (other: Other, build: (f: Fixture) => Req) => one('driver', other, (f) => build(f));
/** The smallest file the proof upload takes: a PNG signature. */
const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const uber = (other: Other, build: (f: Fixture, customerId: string) => Req) => one('uber', other, (f, c) => build(f, callerOf(f, c).creds.uber.customer_id));
const admin = (build: () => Req) => one('admin', { skip: 'the admin token is not an account: there is no other account to be' }, build);

const fresh = (p: string) => `${p}-${randomUUID()}`;

/** A CreateOrg body (organizations-openapi.yaml sample) under the given root. */
const uberOrgReq = (parent: string) => ({
  info: { name: 'Sub-Org', billing_type: 'BILLING_TYPE_CENTRALIZED', merchant_type: 'MERCHANT_TYPE_RESTAURANT' },
  hierarchy_info: { parent_organization_id: parent },
  options: { onboarding_invite_type: 'ONBOARDING_INVITE_TYPE_INVALID' },
});
const LATER = '2031-01-01T00:00:00.000Z';

/** A body for each Bringg service that names A's task (or customer, or driver) where it names one. */
const BRINGG_BODIES: Record<string, { body: (f: Fixture) => Record<string, unknown>; other: Other }> = {
  create_task: {
    body: () => ({ external_id: fresh('b-task'), title: 'x', way_points: [BRINGG_PICKUP, BRINGG_DROPOFF] }),
    other: 'own',
  },
  update_task: { body: (f) => ({ external_id: f.task, title: 'stolen' }), other: 'not_found' },
  update_task_external_id: { body: (f) => ({ external_id: f.task, new_external_id: fresh('renamed') }), other: 'not_found' },
  get_task: { body: (f) => ({ external_id: f.task }), other: 'not_found' },
  get_open_tasks: { body: () => ({}), other: 'own' },
  get_open_orders_by_customer: { body: (f) => ({ customer_external_id: f.customer }), other: 'own' },
  cancel_task: { body: (f) => ({ external_id: f.task }), other: 'not_found' },
  end_task: { body: (f) => ({ id: f.taskId }), other: 'not_found' },
  checkout: { body: (f) => ({ external_id: f.task }), other: 'not_found' },
  checkin: { body: (f) => ({ external_id: f.task }), other: 'not_found' },
  start_task: { body: (f) => ({ external_id: f.task }), other: 'not_found' },
  mass_checkout: { body: (f) => ({ tasks: [{ external_id: f.task }] }), other: 'not_found' },
  assign_task: { body: (f) => ({ external_id: f.task, user_external_id: f.worker }), other: 'not_found' },
  create_note: { body: (f) => ({ external_id: f.task, note: 'stolen' }), other: 'not_found' },
  update_inventory: { body: (f) => ({ task_external_id: f.task, external_id: 'item-1', quantity: 1 }), other: 'not_found' },
  create_customer: { body: () => ({ external_id: fresh('b-customer'), name: 'B' }), other: 'own' },
  update_note: { body: (f) => ({ task_external_id: f.task, id: 1, note: 'stolen' }), other: 'not_found' },
  update_customer: { body: (f) => ({ external_id: f.customer, name: 'stolen' }), other: 'not_found' },
};
const BRINGG_NAMES = [...BY_NAME.keys()];
const BRINGG_CODES = [...BY_CODE.entries()].map(([code, s]) => ({ code, name: s.name }));

const CASES: Record<string, Case> = {
  // Native (HyperTrack Orders)
  'POST /orders': native('own', () => ({ url: '/orders', ...json({ plan_mode: 'manual', orders: [orderItem(fresh('b-order'))] }) })),
  'GET /orders': native('own', () => ({ url: '/orders' })),
  'POST /orders/track': native('not_found', (f) => ({
    url: '/orders/track',
    ...json({ worker_handle: f.worker, track_mode: 'on_time', orders: [orderItem(fresh('b-order'))] }),
  })),
  'GET /orders/:order_handle': native('not_found', (f) => ({ url: `/orders/${f.order}` })),
  'PATCH /orders/:order_handle': native('not_found', (f) => ({ url: `/orders/${f.order}`, ...json({ metadata: { stolen: true } }) })),
  'POST /orders/:order_handle/cancel': native('not_found', (f) => ({ url: `/orders/${f.order}/cancel`, ...json({}) })),
  'POST /orders/:order_handle/complete': native('not_found', (f) => ({ url: `/orders/${f.order}/complete`, ...json({}) })),
  'POST /orders/:order_handle/disable': native('not_found', (f) => ({ url: `/orders/${f.order}/disable`, ...json({}) })),
  'POST /orders/:order_handle/enable': native('not_found', (f) => ({ url: `/orders/${f.order}/enable`, ...json({}) })),
  'POST /orders/:order_handle/lock': native('not_found', (f) => ({ url: `/orders/${f.order}/lock`, ...json({}) })),
  'POST /orders/:order_handle/unlock': native('not_found', (f) => ({ url: `/orders/${f.order}/unlock`, ...json({}) })),
  'POST /orders/:order_handle/reassign': native('not_found', (f) => ({ url: `/orders/${f.order}/reassign`, ...json({ worker_handle: f.worker }) })),
  'POST /orders/:order_handle/reschedule': native('not_found', (f) => ({ url: `/orders/${f.order}/reschedule`, ...json({ scheduled_at: LATER }) })),
  'GET /orders/:order_handle/candidate_workers': native('not_found', (f) => ({ url: `/orders/${f.order}/candidate_workers` })),
  'GET /orders/estimate': native('not_found', (f) => ({
    url: `/orders/estimate?worker_handle=${f.worker}&orders=${encodeURIComponent(JSON.stringify([{ destination: orderItem('x').destination }]))}`,
  })),
  'GET /orders/:order_handle/stream': native('not_found', (f) => ({ url: `/orders/${f.order}/stream` })),
  'GET /orders/:order_handle/webhooks': native('not_found', (f) => ({ url: `/orders/${f.order}/webhooks` })),
  'POST /orders/:order_handle/tasks': native('not_found', (f) => ({ url: `/orders/${f.order}/tasks`, ...json({ tasks: [{ label: 'stolen' }] }) })),
  'GET /orders/:order_handle/tasks': native('not_found', (f) => ({ url: `/orders/${f.order}/tasks` })),
  'PATCH /orders/:order_handle/tasks/:task_id': native('not_found', (f) => ({
    url: `/orders/${f.order}/tasks/${f.orderTask}`,
    ...json({ status: 'cancelled' }),
  })),
  'DELETE /orders/:order_handle/tasks/:task_id': native('not_found', (f) => ({ url: `/orders/${f.order}/tasks/${f.orderTask}` })),
  'GET /orders/routes/:route_handle': native('not_found', (f) => ({ url: `/orders/routes/${f.route}` })),
  'POST /orders/routes/:route_handle/reassign': native('not_found', (f) => ({
    url: `/orders/routes/${f.route}/reassign`,
    ...json({ worker_handle: f.worker }),
  })),
  'POST /orders/routes/:route_handle/complete': native('not_found', (f) => ({ url: `/orders/routes/${f.route}/complete`, ...json({}) })),
  'PATCH /orders/routes/:route_handle': native('not_found', (f) => ({ url: `/orders/routes/${f.route}`, ...json({ metadata: { stolen: true } }) })),
  'POST /orders/plan': native('not_found', (f) => ({
    url: '/orders/plan',
    ...json({ ops_group_handle: 'g', date: '2030-01-08', worker_handles: [f.worker] }),
  })),
  'GET /orders/plan/:plan_id': native('not_found', (f) => ({ url: `/orders/plan/${f.plan}` })),
  'POST /orders/routes/:route_handle/optimise': native('not_found', (f) => ({ url: `/orders/routes/${f.route}/optimise`, ...json({}) })),
  'POST /orders/routes/:route_handle/resequence': native('not_found', (f) => ({
    url: `/orders/routes/${f.route}/resequence`,
    ...json({ orders: [{ order_handle: f.order }] }),
  })),
  'POST /orders/routes/:route_handle/add': native('not_found', (f) => ({
    url: `/orders/routes/${f.route}/add`,
    ...json({ orders: [{ order_handle: f.order }] }),
  })),
  'POST /orders/routes/:route_handle/remove': native('not_found', (f) => ({
    url: `/orders/routes/${f.route}/remove`,
    ...json({ orders: [{ order_handle: f.order }] }),
  })),
  'POST /workers': native({ status: 409, why: 'device ids are global: the conflict says only that the id is taken' }, (f) => ({
    url: '/workers',
    ...json({ worker_handle: fresh('b-worker'), device_id: f.device }),
  })),
  'GET /workers': native('own', () => ({ url: '/workers' })),
  'GET /workers/:worker_handle': native('not_found', (f) => ({ url: `/workers/${f.worker}` })),
  'PATCH /workers/:worker_handle': native('not_found', (f) => ({ url: `/workers/${f.worker}`, ...json({ name: 'stolen' }) })),
  'DELETE /workers/:worker_handle': native('not_found', (f) => ({ url: `/workers/${f.worker}` })),
  'POST /workers/:worker_handle/undelete': native('not_found', (f) => ({ url: `/workers/${f.worker}/undelete`, ...json({}) })),
  'POST /workers/:worker_handle/work_status': native('not_found', (f) => ({ url: `/workers/${f.worker}/work_status`, ...json({ available: false }) })),
  'POST /devices/:device_id/locations': native('not_found', (f) => ({
    url: `/devices/${f.device}/locations`,
    ...json([{ recorded_at: '2030-01-01T00:00:00Z', lat: 37.33, lng: -121.88 }]),
  })),
  'POST /devices/:device_id/token': native('not_found', (f) => ({ url: `/devices/${f.device}/token`, ...json({}) })),
  'GET /stream': native({ skip: "an account stream never ends; its isolation is tested in live/streams.test.ts (nothing of another's)" }, () => ({
    url: '/stream',
  })),
  'POST /webhooks': native('own', () => ({ url: '/webhooks', ...json({ url: 'http://127.0.0.1:9/b-hook' }) })),
  'GET /webhooks': native('own', () => ({ url: '/webhooks' })),
  'GET /webhooks/:webhook_id': native('not_found', (f) => ({ url: `/webhooks/${f.webhook}` })),
  'PATCH /webhooks/:webhook_id': native('not_found', (f) => ({ url: `/webhooks/${f.webhook}`, ...json({ description: 'stolen' }) })),
  'DELETE /webhooks/:webhook_id': native('not_found', (f) => ({ url: `/webhooks/${f.webhook}` })),
  'POST /webhooks/:webhook_id/rotate_secret': native('not_found', (f) => ({ url: `/webhooks/${f.webhook}/rotate_secret`, ...json({}) })),
  'GET /webhooks/:webhook_id/deliveries': native('not_found', (f) => ({ url: `/webhooks/${f.webhook}/deliveries` })),
  'POST /webhooks/:webhook_id/deliveries/:delivery_id/retry': native('not_found', (f) => ({
    url: `/webhooks/${f.webhook}/deliveries/1/retry`,
    ...json({}),
  })),
  'GET /settings/risk-thresholds': native('own', () => ({ url: '/settings/risk-thresholds' })),
  'PATCH /settings/risk-thresholds': native('own', () => ({
    url: '/settings/risk-thresholds',
    ...json({ risk_thresholds: { is_offline: { yellow: 1, red: 2 } } }),
  })),
  'POST /bringg/service-urls': native('own', () => ({ url: '/bringg/service-urls', ...json({ tag_id: 7 }) })),
  'GET /uber/pricing': native('own', () => ({ url: '/uber/pricing' })),
  'POST /oauth/embed-token': native('not_found', (f) => ({
    url: '/oauth/embed-token',
    ...json({ embed_url: f.embedUrl, grant_type: 'client_credentials' }),
  })),
  'PATCH /uber/pricing': native('own', () => ({ url: '/uber/pricing', ...json({ base_fee: 1 }) })),

  // Location ingest
  'POST /owntracks': one('ingest', 'not_found', (f) => ({
    url: '/owntracks',
    headers: { 'x-limit-d': f.device, 'content-type': 'application/json' },
    ...json({ _type: 'location', lat: 37.33, lon: -121.88, tst: 1_900_000_000 }),
  })),

  // Uber Direct: customer-level calls name A's customer; delivery calls name the caller's own customer and A's delivery.
  'POST /v1/customers/:customer_id/delivery_quotes': uber('not_found', (f) => ({
    url: `/v1/customers/${f.A.creds.uber.customer_id}/delivery_quotes`,
    ...json(quoteReq()),
  })),
  'POST /v1/customers/:customer_id/deliveries': uber('not_found', (f) => ({
    url: `/v1/customers/${f.A.creds.uber.customer_id}/deliveries`,
    ...json(deliveryReq()),
  })),
  'GET /v1/customers/:customer_id/deliveries': uber('own', (_f, cid) => ({ url: `/v1/customers/${cid}/deliveries` })),
  'GET /v1/customers/:customer_id/deliveries/:delivery_id': uber('not_found', (f, cid) => ({ url: `/v1/customers/${cid}/deliveries/${f.delivery}` })),
  'POST /v1/customers/:customer_id/deliveries/:delivery_id': uber('not_found', (f, cid) => ({
    url: `/v1/customers/${cid}/deliveries/${f.delivery}`,
    ...json({ dropoff_notes: 'stolen' }),
  })),
  'POST /v1/customers/:customer_id/deliveries/:delivery_id/cancel': uber('not_found', (f, cid) => ({
    url: `/v1/customers/${cid}/deliveries/${f.delivery}/cancel`,
    ...json({}),
  })),
  // Uber organizations: CreateOrg under the caller's own root; GetOrg and InviteToOrg name A's sub-organization.
  'POST /v1/direct/organizations': uber('own', (_f, cid) => ({ url: '/v1/direct/organizations', ...json(uberOrgReq(cid)) })),
  'GET /v1/direct/organizations/:organization_id': uber('not_found', (f) => ({ url: `/v1/direct/organizations/${f.org}` })),
  'POST /v1/direct/organizations/:organization_id/memberships/invite': uber('not_found', (f) => ({
    url: `/v1/direct/organizations/${f.org}/memberships/invite`,
    ...json({ user_details: { email: `${fresh('invitee')}@example.com`, first_name: 'Eve', last_name: 'X' }, roles: ['ROLE_ADMIN'] }),
  })),
  'POST /v1/customers/:customer_id/deliveries/:delivery_id/proof-of-delivery': uber('not_found', (f, cid) => ({
    url: `/v1/customers/${cid}/deliveries/${f.delivery}/proof-of-delivery`,
    ...json({ waypoint: 'dropoff', type: 'picture' }),
  })),

  // Bringg: one route per service and URL style (the secret URLs are held below), and the unknown-name fallback.
  ...Object.fromEntries(
    BRINGG_NAMES.map((name): [string, Case] => [
      `POST /services/${name}`,
      { realm: 'bringg', requests: (f) => [{ url: `/services/${name}`, ...json(BRINGG_BODIES[name]!.body(f)) }], other: BRINGG_BODIES[name]!.other },
    ]),
  ),
  'POST /services/:name': {
    realm: 'bringg',
    requests: () => [{ url: '/services/no_such_service', ...json({}) }],
    other: { status: 404, why: 'an unknown service is unknown to every account' },
  },

  // Dashboard API
  'GET /app/api/orders': web('own', () => ({ url: '/app/api/orders' })),
  'POST /app/api/orders': web('own', () => ({ url: '/app/api/orders', ...json({ order_handle: fresh('b-order'), lng: -121.88, lat: 37.33 }) })),
  'GET /app/api/orders/:order_handle': web('not_found', (f) => ({ url: `/app/api/orders/${f.order}` })),
  'POST /app/api/orders/:order_handle/:action': web('not_found', (f) => ({ url: `/app/api/orders/${f.order}/cancel`, ...json({}) })),
  'GET /app/api/workers': web('own', () => ({ url: '/app/api/workers' })),
  'GET /app/api/devices': web('own', () => ({ url: '/app/api/devices' })),
  'GET /app/api/geocode': web('own', () => ({ url: '/app/api/geocode?q=Berlin' })),
  'GET /app/routes/:route_handle/view': web('not_found', (f) => ({ url: `/app/routes/${f.route}/view` })),
  'GET /app/api/account/branding': web('own', () => ({ url: '/app/api/account/branding' })),
  'GET /app/api/planning/unplanned': web('own', () => ({ url: '/app/api/planning/unplanned' })),
  'POST /app/api/plans': web('own', () => ({ url: '/app/api/plans', ...json({ ops_group_handle: fresh('b-group'), date: '2030-01-08', time_budget: 0.1 }) })),
  'GET /app/api/plans/:plan_id': web('not_found', (f) => ({ url: `/app/api/plans/${f.plan}` })),
  'POST /app/api/routes/:route_handle/move': web('not_found', (f) => ({
    url: `/app/api/routes/${f.route}/move`,
    ...json({ order_handle: f.order, to_route_handle: f.route }),
  })),
  'POST /app/api/routes/:route_handle/complete': web('not_found', (f) => ({ url: `/app/api/routes/${f.route}/complete`, ...json({}) })),
  'PATCH /app/api/account/branding': web('own', () => ({ url: '/app/api/account/branding', ...json({ color: '#123456' }) })),
  // Last of the dashboard's: B signs out here.
  'DELETE /app/api/session': web('own', () => ({ url: '/app/api/session' })),
  'GET /app/api/stream': web({ skip: 'a session stream never ends; its isolation is tested in web/sessions.security.test.ts' }, () => ({
    url: '/app/api/stream',
  })),

  // Driver app API: B's driver is handed A's stop.
  'GET /driver/api/me': driver('own', () => ({ url: '/driver/api/me' })),
  'POST /driver/api/shift': driver('own', () => ({ url: '/driver/api/shift', ...json({ action_id: fresh('act'), on_shift: true }) })),
  'GET /driver/api/stops': driver('own', () => ({ url: '/driver/api/stops' })),
  'GET /driver/api/stops/:stop_id': driver('not_found', (f) => ({ url: `/driver/api/stops/${f.stop}` })),
  ...Object.fromEntries(
    (
      [
        ['accept', {}],
        ['reject', {}],
        ['start', {}],
        ['arrive', {}],
        ['complete', {}],
        ['fail', { reason: 'customer_unavailable' }],
      ] as const
    ).map(([action, extra]) => [
      `POST /driver/api/stops/:stop_id/${action}`,
      driver('not_found', (f) => ({ url: `/driver/api/stops/${f.stop}/${action}`, ...json({ action_id: fresh('act'), ...extra }) })),
    ]),
  ),
  'PUT /driver/api/stops/:stop_id/proofs/:kind': driver('not_found', (f) => ({
    url: `/driver/api/stops/${f.stop}/proofs/photo`,
    headers: { 'content-type': 'image/png' },
    body: PNG_BYTES,
  })),
  // Last of the driver's: B's driver signs out here.
  'DELETE /driver/api/session': driver('own', () => ({ url: '/driver/api/session' })),
  'POST /workers/:worker_handle/driver_links': native('not_found', (f) => ({ url: `/workers/${f.worker}/driver_links`, ...json({}) })),
  'GET /workers/:worker_handle/driver_links': native('not_found', (f) => ({ url: `/workers/${f.worker}/driver_links` })),
  'DELETE /workers/:worker_handle/driver_links/:link_id': native('not_found', (f) => ({ url: `/workers/${f.A.driverWorker}/driver_links/${f.driverLink}` })),
  'GET /settings/driver-app': native('own', () => ({ url: '/settings/driver-app' })),
  'PATCH /settings/driver-app': native('own', () => ({ url: '/settings/driver-app', ...json({ required_proofs: { photo: true } }) })),
  'POST /app/api/workers/:worker_handle/driver_links': web('not_found', (f) => ({ url: `/app/api/workers/${f.worker}/driver_links`, ...json({}) })),
  'GET /app/api/workers/:worker_handle/driver_links': web('not_found', (f) => ({ url: `/app/api/workers/${f.worker}/driver_links` })),
  'DELETE /app/api/workers/:worker_handle/driver_links/:link_id': web('not_found', (f) => ({
    url: `/app/api/workers/${f.A.driverWorker}/driver_links/${f.driverLink}`,
  })),

  // CLI administration (only with an admin token)
  'POST /_admin/accounts': admin(() => ({ url: '/_admin/accounts', ...json({ name: 'x' }) })),
  'GET /_admin/accounts': admin(() => ({ url: '/_admin/accounts' })),
  'POST /_admin/orders/lock': admin(() => ({ url: '/_admin/orders/lock', ...json({}) })),
};

/** The secret-URL style has its credential in the path: none = unknown UUIDs, bad = A's first UUID with a wrong second. */
function bringgSecretUrl(f: Fixture, c: Caller, code: string, name: string): Req {
  const acct = callerOf(f, c).creds.bringg;
  const [u1, u2] =
    c.kind === 'none' ? [randomUUID(), randomUUID()] : c.kind === 'bad' ? [acct.service_uuid_1, randomUUID()] : [acct.service_uuid_1, acct.service_uuid_2];
  return { url: `/services/${code}/${u1}/${u2}/`, ...json(BRINGG_BODIES[name]!.body(f)) };
}

/** The unknown-code fallback and each service's secret URL: held by the secret-URL tests below. */
const SECRET_URL_ROUTES = ['POST /services/:code/:uuid1/:uuid2', ...BRINGG_CODES.map(({ code }) => `POST /services/${code}/:uuid1/:uuid2`)];
const SECRET_URL_401 = { success: false, message: 'Invalid service URL', rc: RC.auth };

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Fastify mirrors every GET as a HEAD with the same handler and hooks: the GET's case covers both. */
function distinctRoutes(routes: RouteEntry[]): RouteEntry[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  const seen = new Set<string>();
  return routes.filter((r) => {
    if (r.method === 'HEAD' && gets.has(r.url) && !PUBLIC[keyOf(r)]) return false;
    if (seen.has(keyOf(r))) return false;
    seen.add(keyOf(r));
    return true;
  });
}

describe.each(STORE_KINDS)('every route, its credentials and its account (%s)', (kind) => {
  let t: TestApi;
  let routes: RouteEntry[];
  let f: Fixture;
  let B: Account;
  let markers: string[];

  const inject = (method: string, req: Req, headers: Record<string, string>): Promise<LightMyRequestResponse> => {
    const { body, headers: own, ...rest } = req;
    return t.app.inject({
      ...rest,
      method: method as 'GET',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...own, ...headers },
      payload: body as string | undefined,
    });
  };

  async function account(name: string): Promise<Account> {
    const creds = await createAccount(t.deps, name);
    const uberAccessToken = await uberToken(t, creds);
    const bringgAccessToken = await bringgToken(t, creds);
    const session = await t.app.inject({ method: 'POST', url: '/app/api/session', payload: { account_id: creds.account_id, secret_key: creds.secret_key } });
    expect(session.statusCode, session.body).toBe(200);
    const basic = { authorization: basicAuth(creds.account_id, creds.secret_key) };
    const driverWorker = fresh(`${name}-driver`);
    await ok('POST', '/workers', basic, { worker_handle: driverWorker, device_id: fresh(`${name}-driver-device`) });
    const link = await ok('POST', `/workers/${driverWorker}/driver_links`, basic, {});
    const signIn = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token: link.token } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    return {
      driverWorker,
      driverCookie: signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      driverCsrf: signIn.json().csrf_token,
      driverLink: link.link_id as string,
      creds,
      basic: basicAuth(creds.account_id, creds.secret_key),
      uberToken: uberAccessToken,
      bringgToken: bringgAccessToken,
      cookie: session.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      csrf: session.json().csrf_token,
    };
  }

  async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown) {
    const r = await inject(method, { url, ...(body === undefined ? {} : json(body)) }, headers);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
    return r.json();
  }

  /** Everything of A's that a leak could change, as A reads it. */
  async function snapshotOfA() {
    const h = { authorization: f.A.basic };
    const task = await ok('POST', '/services/get_task', bearer(f.A.bringgToken), { external_id: f.task });
    return {
      order: await ok('GET', `/orders/${f.order}`, h),
      route: await ok('GET', `/orders/routes/${f.route}`, h),
      worker: await ok('GET', `/workers/${f.worker}`, h),
      webhook: await ok('GET', `/webhooks/${f.webhook}`, h),
      risk: await ok('GET', '/settings/risk-thresholds', h),
      pricing: await ok('GET', '/uber/pricing', h),
      delivery: await ok('GET', `/v1/customers/${f.A.creds.uber.customer_id}/deliveries/${f.delivery}`, bearer(f.A.uberToken)),
      org: await ok('GET', `/v1/direct/organizations/${f.org}`, bearer(f.A.uberToken)),
      task,
    };
  }

  beforeAll(async () => {
    const table = new RouteTable();
    // A still clock: A's before/after snapshots carry now-relative ETAs.
    t = await startTestApi(kind, {
      clock: new TestClock(new Date()),
      routeTable: table,
      adminToken: ADMIN_TOKEN,
      allowPrivateWebhookUrls: true,
      uberRoboTimeFactor: 10_000,
    });
    await t.app.ready();
    routes = distinctRoutes(table.routes);
    const A = await account('a');
    B = await account('b');
    const h = { authorization: A.basic };
    const worker = fresh('a-worker');
    const device = fresh('a-device');
    const order = fresh('a-order');
    await ok('POST', '/workers', h, { worker_handle: worker, name: worker, device_id: device });
    const route = (await ok('POST', '/orders/track', h, { worker_handle: worker, track_mode: 'on_time', orders: [orderItem(order)] })).route_handle;
    const webhook = (await ok('POST', '/webhooks', h, { url: 'http://127.0.0.1:9/a-hook' })).id;
    const plan = (await ok('POST', '/orders/plan', h, { ops_group_handle: fresh('a-group'), date: '2030-01-08', time_budget: 0.1 })).plan_id as string;
    const orderTask = (await ok('POST', `/orders/${order}/tasks`, h, { tasks: [{ label: fresh('a-order-task') }] })).tasks[0].task_id;
    const delivery = (await ok('POST', `/v1/customers/${A.creds.uber.customer_id}/deliveries`, bearer(A.uberToken), deliveryReq())).id;
    const customer = fresh('a-customer');
    const task = fresh('a-task');
    const created = await ok('POST', '/services/create_task', bearer(A.bringgToken), {
      external_id: task,
      title: 'A',
      customer: { external_id: customer, name: 'A customer' },
      way_points: [BRINGG_PICKUP, BRINGG_DROPOFF],
    });
    expect(created.success, JSON.stringify(created)).toBe(true);
    const org = (await ok('POST', '/v1/direct/organizations', bearer(A.uberToken), uberOrgReq(A.creds.uber.customer_id))).organization_id;
    const embedUrl = (await ok('GET', `/orders/routes/${route}`, h)).orders[0].embed_url as string;
    await ok('POST', '/orders/track', h, { worker_handle: A.driverWorker, track_mode: 'on_time', orders: [orderItem(fresh('a-stop'))] });
    const stop = (await ok('GET', '/driver/api/stops', { cookie: A.driverCookie })).stops[0].stop_id as string;
    f = {
      A,
      order,
      route,
      worker,
      device,
      webhook,
      delivery,
      task,
      taskId: created.task.id,
      orderTask,
      customer,
      org,
      embedUrl,
      plan,
      stop,
      driverLink: A.driverLink,
    };
    markers = [order, route, worker, device, webhook, delivery, task, orderTask, customer, org, plan, A.creds.account_id, stop, A.driverWorker, A.driverLink];
  });
  afterAll(() => t?.close());

  it('every registered route is covered here or listed as public with a reason', () => {
    const known = new Set([...Object.keys(CASES), ...Object.keys(PUBLIC), ...SECRET_URL_ROUTES]);
    const unknown = routes.filter((r) => !known.has(keyOf(r))).map(keyOf);
    expect(unknown, 'add each to CASES (with its checks) or to PUBLIC (with why)').toEqual([]);
    const registered = new Set(routes.map(keyOf));
    const stale = [...known].filter((k) => !registered.has(k) && !PUBLIC[k]?.optional);
    expect(stale, 'listed here but no longer registered').toEqual([]);
    const wrongRealm = routes.filter((r) => CASES[keyOf(r)] && CASES[keyOf(r)]!.realm !== r.realm).map((r) => `${keyOf(r)} is ${r.realm}`);
    expect(wrongRealm).toEqual([]);
    expect(
      BRINGG_NAMES.filter((n) => !BRINGG_BODIES[n]),
      'a Bringg service without a body here',
    ).toEqual([]);
  });

  it.each(Object.keys(CASES))('%s: no credentials and bad credentials are 401 with the dialect body', async (key) => {
    const c = CASES[key]!;
    const method = key.split(' ')[0]!;
    for (const kind of ['none', 'bad'] as const) {
      const caller: Caller = { kind };
      // A body no route accepts: credentials are checked before the body is.
      const requests = c.requests(f, caller).flatMap((req) => (req.body === undefined ? [req] : [req, { ...req, body: '"not an object"' }]));
      for (const req of requests) {
        const r = await inject(method, req, headersFor[c.realm](f, caller));
        expect(r.statusCode, `${kind}: ${method} ${req.url}: ${r.body}`).toBe(401);
        const body = c.realm === 'ingest' ? r.body : r.json();
        expect(body, `${kind}: ${method} ${req.url}`).toEqual(UNAUTHORIZED[c.realm][kind]);
      }
    }
  });

  it('the Bringg secret URL: unknown UUIDs and a wrong second UUID are 401, before the code is looked at', async () => {
    for (const kind of ['none', 'bad'] as const) {
      for (const { code, name } of [...BRINGG_CODES, { code: 'no-such-code', name: 'get_task' }]) {
        const r = await inject('POST', bringgSecretUrl(f, { kind }, code, name), {});
        expect(r.statusCode, `${kind} ${name}: ${r.body}`).toBe(401);
        expect(r.json()).toEqual(SECRET_URL_401);
      }
    }
  });

  const isNotFound = (realm: Realm, r: LightMyRequestResponse): boolean => {
    if (realm === 'bringg') return r.json().success === false && r.json().rc === RC.notFound;
    // The deliveries API says `{code: …not_found}`, the organizations API `{message}` (its spec's 404 example).
    if (realm === 'uber') return r.statusCode === 404 && (/not_found$/.test(r.json().code) || r.json().message === 'The requested resource does not exist.');
    return r.statusCode === 404;
  };

  async function checkOther(realm: Realm, label: string, other: Other, r: LightMyRequestResponse) {
    if (isSkip(other)) return;
    expect(r.statusCode, `${label}: ${r.body}`).toBeLessThan(500);
    if (other === 'not_found') expect(isNotFound(realm, r), `${label} should be not-found: ${r.statusCode} ${r.body}`).toBe(true);
    else if (other === 'own') {
      expect(r.statusCode, `${label}: ${r.body}`).toBeLessThan(300);
      expect(
        markers.filter((m) => r.body.includes(m)),
        `${label} shows A's data: ${r.body}`,
      ).toEqual([]);
    } else expect(r.statusCode, `${label}: ${r.body}`).toBe((other as { status: number }).status);
  }

  it("a device's own token opens only that device, for the native batch and for OwnTracks", async () => {
    const h = { authorization: B.basic };
    const device = fresh('b-device');
    await ok('POST', '/workers', h, { worker_handle: fresh('b-worker'), device_id: device });
    const token = (await ok('POST', `/devices/${device}/token`, h)).token as string;
    const fixes = [{ recorded_at: '2030-01-01T00:00:00Z', lat: 37.33, lng: -121.88 }];
    const native = await inject('POST', { url: `/devices/${f.device}/locations`, ...json(fixes) }, bearer(token));
    expect(native.statusCode).toBe(401);
    expect(native.json()).toEqual({ detail: {}, message: 'Invalid device token' });
    // B's device token with A's account and device, then with B's account and A's device.
    for (const user of [f.A.creds.account_id, B.creds.account_id]) {
      const r = await inject(
        'POST',
        { url: '/owntracks', headers: { 'x-limit-d': f.device }, ...json({ _type: 'location', lat: 37.33, lon: -121.88, tst: 1_900_000_000 }) },
        { authorization: basicAuth(user, token) },
      );
      expect(r.statusCode, `${user}: ${r.body}`).toBe(401);
      expect(r.body).toBe('Invalid credentials');
    }
  });

  it("another account never sees or changes the first account's objects, on any route", async () => {
    const before = await snapshotOfA();
    const caller: Caller = { kind: 'account', acct: B };
    for (const [key, c] of Object.entries(CASES)) {
      if (c.realm === 'admin') continue;
      const method = key.split(' ')[0]!;
      const requests = c.requests(f, caller);
      for (const [i, req] of requests.entries()) {
        const other = typeof c.other === 'function' ? c.other(i) : c.other;
        if (isSkip(other)) continue;
        const r = await inject(method, req, headersFor[c.realm](f, caller));
        await checkOther(c.realm, `${method} ${req.url}`, other, r);
      }
    }
    for (const { code, name } of BRINGG_CODES) {
      const r = await inject('POST', bringgSecretUrl(f, caller, code, name), {});
      await checkOther('bringg', `secret URL ${name}`, BRINGG_BODIES[name]!.other, r);
    }
    expect(await snapshotOfA()).toEqual(before);
  });
});
