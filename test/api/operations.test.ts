import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { createWorker, orderItem, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';

/** The value of one Prometheus sample line, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(STORE_KINDS)('operations endpoints (%s)', (kind) => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi(kind, { allowPrivateWebhookUrls: true });
  });
  afterAll(() => t.close());

  it('GET /healthz and /readyz answer while the store is up and migrated', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok', store: kind }]);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', store: kind }]);
  });

  it('/metrics counts requests by route template and status, ingest points and drops, and reads the outbox, SSE and pool', async () => {
    const handle = uniq('m');
    await t.api.call('GET', `/orders/${handle}`);
    await t.api.call('GET', `/orders/${uniq('m')}`);
    const { deviceId } = await createWorker(t.api);
    const now = Date.now();
    const post = await t.api.call('POST', `/devices/${deviceId}/locations`, [
      { recorded_at: new Date(now - 2_000).toISOString(), lng: -121.86, lat: 37.32 },
      { recorded_at: new Date(now - 1_000).toISOString(), lng: -121.8601, lat: 37.3201 },
      // On the other side of the world a second later: a teleport, dropped with its reason.
      { recorded_at: new Date(now).toISOString(), lng: 100, lat: -30 },
    ]);
    expect(post.statusCode, post.body).toBe(200);
    const r = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    const text = r.body;
    // Two different orders, one series: the template, never the handle.
    expect(sample(text, 'dropline_http_requests_total{method="GET",route="/orders/:order_handle",status="404"}')).toBe(2);
    expect(text).not.toContain(handle);
    expect(sample(text, 'dropline_http_request_duration_seconds_count{method="GET",route="/orders/:order_handle"}')).toBe(2);
    expect(sample(text, 'dropline_ingest_points_total{source="api"}')).toBe(2);
    expect(sample(text, 'dropline_ingest_drops_total{reason="teleport"}')).toBe(1);
    expect(sample(text, 'dropline_webhook_outbox_depth')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dropline_webhook_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dropline_sse_clients')).toBe(0);
    if (kind === 'postgres') expect(sample(text, 'dropline_pg_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(text).toContain('dropline_process_resident_memory_bytes');
  });

  it('/metrics counts why fix groups left the one-statement ingest path', async () => {
    const fallbacks = async () => {
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      const of = (reason: string) => sample(text, `dropline_ingest_fallbacks_total{reason="${reason}"}`) ?? 0;
      return { notCached: of('device_not_cached'), notNewer: of('fix_not_newer') };
    };
    const { deviceId } = await createWorker(t.api);
    const now = Date.now();
    const at = (ms: number, lng: number) => [{ recorded_at: new Date(now + ms).toISOString(), lng, lat: 37.32 }];
    const before = await fallbacks();
    // A device this process has not written yet: the locked path reads its state first.
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, at(-3_000, -121.86))).statusCode).toBe(200);
    const first = await fallbacks();
    expect(first.notCached).toBe(before.notCached + 1);
    // Its next, newer fix takes the one statement: nothing more is counted.
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, at(-1_000, -121.8601))).statusCode).toBe(200);
    expect(await fallbacks()).toEqual(first);
    // A fix older than its last may be a duplicate: the locked path decides.
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, at(-2_000, -121.8602))).statusCode).toBe(200);
    expect(await fallbacks()).toEqual({ ...first, notNewer: first.notNewer + 1 });
  });

  it('the outbox gauges see undelivered webhook events', async () => {
    const account = await t.newAccount('outbox');
    const hook = await account.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(hook.statusCode, hook.body).toBe(201);
    const created = await account.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(uniq('o'))] });
    expect(created.statusCode, created.body).toBe(201);
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'dropline_webhook_outbox_depth')).toBeGreaterThanOrEqual(1);
  });
});

describe('operations options', () => {
  let t: TestApi;
  const clock = new TestClock(new Date());

  beforeAll(async () => {
    t = await startTestApi('pglite', { clock, metricsToken: 'scrape-secret', rateLimit: { perSecond: 1, burst: 2 } });
  });
  afterAll(() => t.close());

  it('DROPLINE_METRICS_TOKEN: /metrics wants the bearer token', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect([none.statusCode, none.json()]).toEqual([401, { detail: {}, message: 'Metrics need the bearer token (DROPLINE_METRICS_TOKEN)' }]);
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.statusCode).toBe(200);
  });

  it("over the account's rate, each dialect answers its own 429 with Retry-After and RateLimit headers", async () => {
    const creds = await createAccount(t.deps, 'limited');
    const basic = `Basic ${Buffer.from(`${creds.account_id}:${creds.secret_key}`).toString('base64')}`;
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        client_id: creds.uber.live.client_id,
        client_secret: creds.uber.live.client_secret,
        grant_type: 'client_credentials',
      }).toString(),
    });
    const bearer = `Bearer ${token.json().access_token}`;
    const dialects = [
      {
        call: () => t.app.inject({ method: 'GET', url: '/orders', headers: { authorization: basic } }),
        body: { code: 'rate_limited', title: 'Too Many Requests', detail: "Over the account's request rate; retry in 1 s" },
      },
      {
        call: () => t.app.inject({ method: 'GET', url: `/v1/customers/${creds.uber.customer_id}/deliveries`, headers: { authorization: bearer } }),
        body: { code: 'customer_limited', message: 'The customer has exceeded the rate limit.', kind: 'error' },
      },
      {
        call: () => t.app.inject({ method: 'POST', url: `/services/Qkdi30cw/${creds.bringg.service_uuid_1}/${creds.bringg.service_uuid_2}/` }),
        body: { success: false, message: 'Too many requests', rc: 11 },
      },
    ];
    for (const d of dialects) {
      clock.advance(10_000); // a full bucket again
      const first = await d.call();
      expect(first.statusCode, first.body).toBe(200);
      expect([first.headers['ratelimit-limit'], first.headers['ratelimit-remaining']]).toEqual(['2', '1']);
      expect((await d.call()).statusCode).toBe(200);
      const refused = await d.call();
      expect([refused.statusCode, refused.json()]).toEqual([429, d.body]);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['ratelimit-remaining']).toBe('0');
      // A second later one more request fits.
      clock.advance(1_000);
      expect((await d.call()).statusCode).toBe(200);
    }
    // Another account has its own bucket.
    const other = await t.newAccount('unlimited-neighbour');
    expect((await other.call('GET', '/orders')).statusCode).toBe(200);
  });
});
