import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSession } from '../../helpers/dashboard-session.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { startWebServer, type WebServer } from '../../helpers/web-server.ts';

describe.each(STORE_KINDS)('show_proof_on_tracking_page in the account branding, on %s', (kind) => {
  let server: WebServer;
  let cookie: string;
  let csrf: string;
  const call = async (method: string, body?: unknown) => {
    const r = await fetch(`${server.url}/app/api/account/branding`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    server = await startWebServer(kind);
    ({ cookie, csrf } = await dashboardSession(server));
  });
  afterAll(() => server?.close());

  it('is off by default, turns on without touching the other fields, and refuses a non-boolean', async () => {
    expect((await call('GET')).json).toMatchObject({ show_proof_on_tracking_page: false, contact_driver: false });
    expect((await call('PATCH', { color: '#112233' })).status).toBe(200);
    const on = await call('PATCH', { show_proof_on_tracking_page: true });
    expect(on).toEqual({ status: 200, json: expect.objectContaining({ show_proof_on_tracking_page: true, color: '#112233' }) });
    const bad = await call('PATCH', { show_proof_on_tracking_page: 'yes', color: '#445566' });
    expect(bad.status).toBe(400);
    expect((await call('GET')).json).toMatchObject({ show_proof_on_tracking_page: true, color: '#112233' });
  });
});
