import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { bringgClient } from '../helpers/bringg.ts';
import { STORE_KINDS } from '../helpers/stores.ts';

// Issue 14: a check-then-insert that loses a race to a concurrent request for the same key answers
// the documented 409, never 500; and a lazily adopted row cannot abort a neighbour's transaction.
const point = { geometry: { type: 'Point', coordinates: [13.4094, 52.5208] } };

describe.each(STORE_KINDS)('unique-key races on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  const eight = <T>(fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 8 }, (_, i) => fn(i)));

  it('eight concurrent POST /workers with one worker_handle: one 201 and seven 409 duplicate_resource', async () => {
    const rs = await eight(() => t.api.call('POST', '/workers', { worker_handle: 'race-w', name: 'Ada' }));
    expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of rs.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toEqual({ code: 'duplicate_resource', title: 'Duplicate resource', detail: 'System already has a worker with this handle' });
    }
  });

  it('eight concurrent POST /workers with one device_id: one 201 and seven 409, and no loser’s worker is left', async () => {
    const rs = await eight((i) => t.api.call('POST', '/workers', { worker_handle: `race-d-${i}`, device_id: 'race-device' }));
    expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of rs.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toEqual({
        code: 'duplicate_resource',
        title: 'Device is already linked to another worker',
        detail: 'Device race-device is already linked to another worker',
      });
    }
    const listed = (await t.api.call('GET', '/workers?limit=100')).json().workers as { worker_handle: string }[];
    expect(listed.filter((w) => w.worker_handle.startsWith('race-d-'))).toHaveLength(1);
  });

  it('eight concurrent get_open_tasks adopting the same native orders: all 200 with the same tasks, each adopted once', async () => {
    const b = await bringgClient(t, 'race-bringg');
    for (let i = 0; i < 6; i++) {
      const r = await b.native
        .call('POST', '/orders/track', { track_mode: 'on_time', device_id: 'nobody', orders: [{ order_handle: `open-${i}`, destination: point }] })
        .catch(() => null);
      if (r && r.statusCode >= 300) {
        const planned = await b.native.call('POST', '/orders', {
          plan_mode: 'manual',
          orders: [{ order_handle: `open-${i}`, scheduled_at: '2031-01-01T10:00:00Z', destination: point }],
        });
        expect(planned.statusCode, planned.body).toBe(201);
      }
    }
    const rs = await eight(() => b.call('oauth', 'get_open_tasks', {}));
    expect(rs.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const ids = rs.map((r) => (r.json().tasks as { id: number; external_id: string }[]).map((x) => `${x.external_id}:${x.id}`).sort());
    expect(ids[0]).toHaveLength(6);
    for (const list of ids) expect(list).toEqual(ids[0]);
  });
});
