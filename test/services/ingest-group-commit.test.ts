import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { type EtaEstimator, GreatCircleProvider, type LngLat } from '../../src/core/tracking/eta.ts';
import { ingestLocations } from '../../src/services/tracking/ingest-locations.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { trackedOrder } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { storedFixes } from '../api/ingest/stored.ts';
import { fixAt } from '../helpers/fixes.ts';

const T0 = new Date('2032-05-01T09:00:00.000Z');
// San Jose, ~1 km from the fixtures' destination.
const BASE: LngLat = [-121.87, 37.32];

const fix = (seconds: number, lng = BASE[0], lat = BASE[1]): Fix => fixAt(new Date(T0.getTime() + seconds * 1000), lng, lat);

/** An ETA estimator that fails for one starting longitude: an order whose evaluation throws mid-group. */
class FailingFor implements EtaEstimator {
  private readonly inner = new GreatCircleProvider();
  constructor(private readonly poisonLng: number) {}
  estimate(from: LngLat, to: LngLat, hints: { speedMps: number | null }) {
    if (from[0] === this.poisonLng) throw new Error('estimator down for this trip');
    return this.inner.estimate(from, to, hints);
  }
}

describe.each(STORE_KINDS)('group commit of concurrent location requests on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date(T0.getTime() + 60_000));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  /** Devices tracking an order each, known to the process (so their requests queue in one tick). */
  async function fleet(n: number) {
    // Orders start before the fixes' times, so every fix counts toward them.
    clock.set(new Date(T0.getTime() - 60_000).toISOString());
    const devices: string[] = [];
    for (let i = 0; i < n; i++) {
      const { deviceId, orderHandle } = await trackedOrder(t.api);
      await ingestLocations(t.deps, t.api.accountId, deviceId, []);
      devices.push(deviceId);
      handles.set(deviceId, orderHandle);
    }
    clock.set(new Date(T0.getTime() + 60_000).toISOString());
    return devices;
  }
  const handles = new Map<string, string>();

  const distanceOf = async (deviceId: string) => ((await t.api.call('GET', `/orders/${handles.get(deviceId)}`)).json() as { distance: number }).distance;

  it('answers each concurrent request with its own counts; an impossible fix drops only itself', async () => {
    const devices = await fleet(8);
    const results = await Promise.all(
      devices.map((id, i) => {
        const fixes = [fix(0), fix(10, BASE[0] + 0.001), fix(20, BASE[0] + 0.002)];
        if (i === 3) fixes.push(fix(25, 0, 0));
        if (i === 5) fixes.push(fix(20, BASE[0] + 0.002));
        return ingestLocations(t.deps, t.api.accountId, id, fixes);
      }),
    );
    results.forEach((r, i) => {
      expect(r).toEqual({
        accepted: 3,
        duplicates: i === 5 ? 1 : 0,
        dropped: i === 3 ? { out_of_range: 1 } : {},
      });
    });
    for (const id of devices) {
      expect(await storedFixes(t.deps, id)).toHaveLength(3);
      expect(await distanceOf(id)).toBeGreaterThan(150);
    }
  });

  it("one device's failing request fails alone: it stores nothing, the others commit", async () => {
    const devices = await fleet(6);
    const poison = BASE[0] + 0.00123;
    const eta = t.deps.eta;
    t.deps.eta = new FailingFor(poison);
    try {
      const settled = await Promise.allSettled(
        devices.map((id, i) => ingestLocations(t.deps, t.api.accountId, id, [fix(0), fix(10, i === 2 ? poison : BASE[0] + 0.001)])),
      );
      for (const [i, s] of settled.entries()) expect(s.status).toBe(i === 2 ? 'rejected' : 'fulfilled');
      for (const [i, id] of devices.entries()) {
        expect(await storedFixes(t.deps, id)).toHaveLength(i === 2 ? 0 : 2);
      }
    } finally {
      t.deps.eta = eta;
    }
    // The refused request left no trace: resent later, it is stored as new.
    expect(await ingestLocations(t.deps, t.api.accountId, devices[2]!, [fix(0), fix(10)])).toEqual({ accepted: 2, duplicates: 0, dropped: {} });
  });

  it("one device's concurrent requests run in arrival order and never share a group", async () => {
    const [id] = await fleet(1);
    const [first, second, third] = await Promise.all([
      ingestLocations(t.deps, t.api.accountId, id!, [fix(0), fix(10, BASE[0] + 0.001)]),
      ingestLocations(t.deps, t.api.accountId, id!, [fix(10, BASE[0] + 0.001), fix(20, BASE[0] + 0.002)]),
      // A teleport from the second request's last fix: only knowable if the second ran first.
      ingestLocations(t.deps, t.api.accountId, id!, [fix(21, BASE[0] + 0.5)]),
    ]);
    expect(first).toEqual({ accepted: 2, duplicates: 0, dropped: {} });
    expect(second).toEqual({ accepted: 1, duplicates: 1, dropped: {} });
    expect(third).toEqual({ accepted: 0, duplicates: 0, dropped: { teleport: 1 } });
    expect(await storedFixes(t.deps, id!)).toHaveLength(3);
  });
});
