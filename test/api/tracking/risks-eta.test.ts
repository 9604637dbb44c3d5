import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRisks } from '../../../src/services/tracking/sweep-risks.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
const T0 = new Date('2030-06-01T10:00:00.000Z');
// ~8 km east of the start, at 37.33° N.
const START: [number, number] = [-121.95, 37.33];
const DEST: [number, number] = [-121.86, 37.33];

describe.each(STORE_KINDS)('ETA, risks and their webhooks through the live pipeline on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  async function lateOrder() {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await createWorker(t.api);
    const orderHandle = uniq('late');
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [
        {
          order_handle: orderHandle,
          destination: { geometry: { type: 'Point', coordinates: DEST }, radius: 100 },
          // Due in 5 minutes, 8 km away: late whatever happens.
          scheduled_at: new Date(T0.getTime() + 5 * 60_000).toISOString(),
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    return { orderHandle, deviceId };
  }

  const fixAt = (seconds: number, pos = START) => ({
    recorded_at: new Date(T0.getTime() + seconds * 1000).toISOString(),
    lng: pos[0],
    lat: pos[1],
    accuracy: 5,
    battery: 80,
  });

  it('a fix gives the order an estimate and raises delayed_from_scheduled_at, with webhooks for both', async () => {
    const { orderHandle, deviceId } = await lateOrder();
    clock.set(new Date(T0.getTime() + 20_000).toISOString());
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fixAt(0), fixAt(10), fixAt(20)]);
    const o = (await t.api.call('GET', `/orders/${orderHandle}`)).json() as Json;
    // 7.95 km great circle × 1.3 detour at the default 8 m/s (a parked phone teaches no speed).
    expect(o.estimate.distance).toBeGreaterThan(10_200);
    expect(o.estimate.distance).toBeLessThan(10_500);
    expect(o.estimate.duration).toBe(Math.round(o.estimate.distance / 8));
    expect(o.risks.delayed_from_scheduled_at).toBe('red');
    expect(o.risk_status).toBe(true);
    const values = ((await t.api.call('GET', `/orders/${orderHandle}/webhooks`)).json() as Json[]).map((d) => d.data.value);
    expect(values).toEqual(expect.arrayContaining(['created', 'assigned', 'started', 'first_eta', 'delayed', 'risk_updated']));
    const risk = ((await t.api.call('GET', `/orders/${orderHandle}/webhooks`)).json() as Json[]).find((d) => d.data.value === 'risk_updated')!;
    expect(risk.data.risks.delayed_from_scheduled_at).toMatchObject({ intensity_label: 'red', previous_intensity_label: 'green' });
  });

  it('the sweep turns a silent device offline without any new fix, and a fix brings it back', async () => {
    const { orderHandle, deviceId } = await lateOrder();
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fixAt(0)]);
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().risks.is_offline).toBe('green');
    clock.set(new Date(T0.getTime() + 20 * 60_000).toISOString());
    await sweepRisks(t.deps);
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().risks.is_offline).toBe('red');
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fixAt(20 * 60)]);
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().risks.is_offline).toBe('green');
  });

  it('arriving ends the estimate and fires the arrived webhook', async () => {
    const { orderHandle, deviceId } = await lateOrder();
    clock.set(new Date(T0.getTime() + 30 * 60_000).toISOString());
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fixAt(60), fixAt(25 * 60, DEST)]);
    const o = (await t.api.call('GET', `/orders/${orderHandle}`)).json() as Json;
    expect(o.arrived_at).toBe(fixAt(25 * 60).recorded_at);
    expect(o.visited_destination).toBe(true);
    expect(o).not.toHaveProperty('estimate');
    const arrived = ((await t.api.call('GET', `/orders/${orderHandle}/webhooks`)).json() as Json[]).find((d) => d.data.value === 'arrived')!;
    expect(arrived.data.arrival).toEqual({ location: { type: 'Point', coordinates: DEST }, recorded_at: fixAt(25 * 60).recorded_at });
  });
});
