import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const validation = (location: string, field: string, msg: string) => ({ detail: { [location]: { [field]: [msg] } }, message: 'Validation error' });
const PRIVATE_REFUSED = 'The URL points at a loopback, link-local or private address; set DROPLINE_WEBHOOKS_ALLOW_PRIVATE=true to allow it';

describe.each(STORE_KINDS)('webhook endpoints API on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    // The default configuration: private URLs refused.
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  it.each([
    'http://127.0.0.1:9000/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://172.20.0.1/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s unless DROPLINE_WEBHOOKS_ALLOW_PRIVATE', async (url) => {
    const r = await t.api.call('POST', '/webhooks', { url });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual(validation('json', 'url', PRIVATE_REFUSED));
    expect((await t.api.call('GET', '/webhooks')).json()).toEqual({ webhooks: [] });
  });

  it('accepts a public address and never shows the secret again', async () => {
    const r = await t.api.call('POST', '/webhooks', { url: 'https://93.184.215.14/hooks', description: 'ops' });
    expect(r.statusCode).toBe(201);
    const created = r.json();
    expect(created).toMatchObject({ url: 'https://93.184.215.14/hooks', format: 'hypertrack', events: null, enabled: true });
    expect(created.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    const got = (await t.api.call('GET', `/webhooks/${created.id}`)).json();
    expect(got).not.toHaveProperty('secret');
    const { secret: _, ...shown } = created;
    expect(got).toEqual(shown);
    expect((await t.api.call('GET', '/webhooks')).json().webhooks).toEqual([shown]);
    const patched = await t.api.call('PATCH', `/webhooks/${created.id}`, { url: 'http://10.0.0.1/x' });
    expect(patched.json()).toEqual(validation('json', 'url', PRIVATE_REFUSED));
    expect((await t.api.call('GET', `/webhooks/${created.id}`)).json()).toEqual(shown);
    expect((await t.api.call('DELETE', `/webhooks/${created.id}`)).statusCode).toBe(204);
    expect((await t.api.call('GET', `/webhooks/${created.id}`)).statusCode).toBe(404);
  });

  it('takes Uber Direct event names for an uber endpoint, not HyperTrack ones', async () => {
    const api = await t.newAccount('uber-hooks');
    const ok = await api.call('POST', '/webhooks', { url: 'https://93.184.215.14/hooks', format: 'uber', events: ['event.courier_update'] });
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await api.call('POST', '/webhooks', { url: 'https://93.184.215.14/hooks', format: 'uber', events: ['cancelled'] });
    expect(bad.json()).toEqual(validation('json', 'events', 'Unknown uber event(s): cancelled'));
  });

  it('validates the body', async () => {
    expect((await t.api.call('POST', '/webhooks', { url: 'ftp://93.184.215.14/x' })).json()).toEqual(
      validation('json', 'url', 'The URL must use https (or http)'),
    );
    expect((await t.api.call('POST', '/webhooks', { url: 'https://u:p@93.184.215.14/x' })).json()).toEqual(
      validation('json', 'url', 'The URL must not contain credentials'),
    );
    expect((await t.api.call('POST', '/webhooks', { url: 'https://93.184.215.14/x', events: ['cancelled', 'bogus'] })).json()).toEqual(
      validation('json', 'events', 'Unknown hypertrack event(s): bogus'),
    );
    const bad = await t.api.call('POST', '/webhooks', { url: 'https://93.184.215.14/x', format: 'zapier' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().detail.json)).toEqual(['format']);
    expect((await t.api.call('POST', '/webhooks', { url: 'https://93.184.215.14/x', secret: 'short' })).statusCode).toBe(422);
    expect((await t.api.call('GET', '/webhooks')).json()).toEqual({ webhooks: [] });
  });

  it('404s unknown endpoints and deliveries, and endpoints of other accounts', async () => {
    const notFound = (id: string) => ({ code: 'webhook_not_found', title: 'Webhook Not Found', detail: `Webhook not found for id ${id}` });
    expect((await t.api.call('GET', '/webhooks/nope')).json()).toEqual(notFound('nope'));
    const other = await t.newAccount();
    const theirs = (await other.call('POST', '/webhooks', { url: 'https://93.184.215.14/x' })).json();
    for (const [method, path] of [
      ['GET', `/webhooks/${theirs.id}`],
      ['PATCH', `/webhooks/${theirs.id}`],
      ['DELETE', `/webhooks/${theirs.id}`],
      ['POST', `/webhooks/${theirs.id}/rotate_secret`],
      ['GET', `/webhooks/${theirs.id}/deliveries`],
    ] as const) {
      const r = await t.api.call(method, path, method === 'PATCH' || method === 'POST' ? {} : undefined);
      expect(r.statusCode, `${method} ${path}`).toBe(404);
      expect(r.json()).toEqual(notFound(theirs.id));
    }
    const missing = await other.call('POST', `/webhooks/${theirs.id}/deliveries/999/retry`, {});
    expect(missing.json()).toEqual({ code: 'delivery_not_found', title: 'Delivery Not Found', detail: 'Delivery not found for id 999' });
    expect((await other.call('GET', `/webhooks/${theirs.id}`)).statusCode).toBe(200);
  });

  it('requires authentication', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/webhooks' });
    expect(r.statusCode).toBe(401);
  });
});
