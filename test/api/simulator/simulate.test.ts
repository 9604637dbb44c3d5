import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/services/accounts/create-account.ts';
import { runSimulation } from '../../../src/simulator/run-simulation.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;

describe.each(STORE_KINDS)('dropline simulate against a listening server on %s', (kind) => {
  let t: TestApi;
  let url: string;
  beforeAll(async () => {
    t = await startTestApi(kind);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('no TCP address');
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  it.each(['osmand', 'native'] as const)('two drivers over %s reach their destinations with the true distance', async (protocol) => {
    const creds = await createAccount(t.deps, `sim-${protocol}`);
    const result = await runSimulation({
      url,
      accountId: creds.account_id,
      secretKey: creds.secret_key,
      drivers: 2,
      rateSeconds: 5,
      speedup: 200,
      protocol,
      seed: 11,
      // Short trips (under the 4-minute lead the simulation may run ahead of the clock) with
      // little noise, so the odometer's reading can be held to the true path length.
      trip: { legs: { min: 2, max: 3 }, legMetres: { min: 200, max: 400 }, stopSeconds: { min: 5, max: 15 }, noiseMetres: 1 },
    });
    expect(result.errors).toBe(0);
    expect(result.fixesSent).toBe(result.driverRuns.reduce((s, d) => s + d.trip.fixes.length, 0));
    for (const d of result.driverRuns) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/orders/${d.orderHandle}`,
        headers: { authorization: `Basic ${Buffer.from(`${creds.account_id}:${creds.secret_key}`).toString('base64')}` },
      });
      const o = r.json() as Json;
      expect(o.status).toBe('completed');
      expect(o.arrived_at).toEqual(expect.any(String));
      expect(o.visited_destination).toBe(true);
      expect(Math.abs(o.distance - d.trip.metres)).toBeLessThanOrEqual(d.trip.metres * 0.02);
    }
  });

  it('an aborted run (Ctrl-C) stops sending fixes and cancels the orders it started', async () => {
    const creds = await createAccount(t.deps, 'sim-abort');
    const stop = new AbortController();
    let sentWhenStopped = -1;
    const result = await runSimulation({
      url,
      accountId: creds.account_id,
      secretKey: creds.secret_key,
      drivers: 2,
      rateSeconds: 5,
      speedup: 5,
      protocol: 'native',
      seed: 12,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.fixesSent >= 2 && sentWhenStopped < 0) {
          sentWhenStopped = p.fixesSent;
          stop.abort();
        }
      },
    });
    expect(result.aborted).toBe(true);
    const total = result.driverRuns.reduce((s, d) => s + d.trip.fixes.length, 0);
    // Each driver sends at most the fix it was already sending when the abort came.
    expect(result.fixesSent).toBeLessThanOrEqual(sentWhenStopped + result.driverRuns.length);
    expect(result.fixesSent).toBeLessThan(total);
    for (const d of result.driverRuns) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/orders/${d.orderHandle}`,
        headers: { authorization: `Basic ${Buffer.from(`${creds.account_id}:${creds.secret_key}`).toString('base64')}` },
      });
      expect((r.json() as Json).status).toBe('cancelled');
    }
  });
});
