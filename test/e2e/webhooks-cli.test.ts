import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderItem, uniq } from '../helpers/fixtures.ts';
import { runDropline } from '../helpers/process.ts';
import { webhookHarness } from '../helpers/webhooks.ts';

// `dropline webhooks …` as a user runs it: a real process talking to a listening server.
describe('dropline webhooks', () => {
  const h = webhookHarness('pglite');
  let server = '';
  let creds: Record<string, string> = {};

  beforeAll(async () => {
    await h.t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(h.t.app.server.address() as AddressInfo).port}`;
    const [accountId, secret] = Buffer.from(h.t.api.authorization.slice('Basic '.length), 'base64').toString().split(':');
    creds = { DROPLINE_ACCOUNT_ID: accountId!, DROPLINE_SECRET_KEY: secret! };
  });

  async function cli(args: string[], env = creds): Promise<{ code: number | null; out: string }> {
    const p = runDropline(['webhooks', ...args, '--server', server], env);
    const code = await p.exited;
    return { code, out: p.output() };
  }

  it('creates, lists, pauses, rotates and deletes an endpoint', async () => {
    const created = await cli(['create', '--url', h.rx.url, '--format', 'bringg', '--events', 'task_done,task_cancelled', '--auth-header', 'X-Api-Key']);
    expect(created.code, created.out).toBe(0);
    const ep = JSON.parse(created.out);
    expect(ep).toMatchObject({ url: h.rx.url, format: 'bringg', events: ['task_done', 'task_cancelled'], enabled: true });
    expect(ep.secret).toMatch(/^whsec_/);

    const listed = JSON.parse((await cli(['list'])).out);
    expect(listed.webhooks.map((w: { id: string }) => w.id)).toContain(ep.id);
    expect(listed.webhooks[0].secret).toBeUndefined();

    const paused = await cli(['update', ep.id, '--disable', '--events', 'all']);
    expect(JSON.parse(paused.out)).toMatchObject({ id: ep.id, enabled: false, events: null });

    const rotated = JSON.parse((await cli(['rotate-secret', ep.id, '--grace-period', '0'])).out);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(ep.secret);

    expect((await cli(['delete', ep.id])).out).toContain(`Deleted ${ep.id}.`);
    const gone = await cli(['show', ep.id]);
    expect(gone.code).toBe(1);
    expect(gone.out).toContain('→ 404');
  });

  it('shows the delivery log and retries a rejected delivery', async () => {
    const ep = JSON.parse((await cli(['create', '--url', h.rx.url, '--events', 'created'])).out);
    h.rx.respond = () => 410;
    const handle = uniq('cli');
    await h.t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    await h.dispatcher.drain();

    const log = JSON.parse((await cli(['deliveries', ep.id, '--state', 'rejected'])).out);
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ order_handle: handle, state: 'rejected', last_status: 410 });

    h.rx.respond = () => 200;
    const retried = await cli(['retry', ep.id, log.deliveries[0].id]);
    expect(retried.code, retried.out).toBe(0);
    await h.dispatcher.drain();
    expect(h.rx.accepted.map((r) => r.body[0].data.order_handle)).toEqual([handle]);
    expect(JSON.parse((await cli(['deliveries', ep.id, '--state', 'delivered'])).out).deliveries).toHaveLength(1);
  });

  it('passes the API’s error body through and exits 1', async () => {
    const refused = await cli(['create', '--url', 'ftp://example.com/hooks']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/POST \/webhooks → 4\d\d \{/);

    const noCreds = await cli(['list'], {});
    expect(noCreds.code).toBe(1);
    expect(noCreds.out).toContain('account credentials are required');

    const wrong = await cli(['list'], { ...creds, DROPLINE_SECRET_KEY: 'not-the-key' });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('→ 401');
  });
});
