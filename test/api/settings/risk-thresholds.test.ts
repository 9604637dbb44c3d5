import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_THRESHOLDS } from '../../../src/core/tracking/risk-thresholds.ts';
import { sweepRisks } from '../../../src/services/tracking/sweep-risks.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
const T0 = new Date('2031-03-01T08:00:00.000Z');
const START: [number, number] = [-121.95, 37.33];
const DEST: [number, number] = [-121.86, 37.33];
const PATH = '/settings/risk-thresholds';

describe.each(STORE_KINDS)('per-account risk thresholds on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  /** An ongoing order due in 3 hours, so only the risk under test can move. */
  async function ongoingOrder(api = t.api) {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await createWorker(api);
    const orderHandle = uniq('thresholds');
    const r = await api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [
        {
          order_handle: orderHandle,
          destination: { geometry: { type: 'Point', coordinates: DEST }, radius: 100 },
          scheduled_at: new Date(T0.getTime() + 3 * 3_600_000).toISOString(),
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    return { orderHandle, deviceId };
  }

  const fixAt = (seconds: number, battery = 80) => ({
    recorded_at: new Date(T0.getTime() + seconds * 1000).toISOString(),
    lng: START[0],
    lat: START[1],
    accuracy: 5,
    battery,
  });

  const risksOf = async (orderHandle: string, api = t.api) => ((await api.call('GET', `/orders/${orderHandle}`)).json() as Json).risks;
  const patch = (body: unknown, api = t.api) => api.call('PATCH', PATH, body);

  it('an account starts with the documented defaults and no overrides', async () => {
    const api = await t.newAccount();
    const r = await api.call('GET', PATH);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      risk_thresholds: DEFAULT_RISK_THRESHOLDS,
      overrides: {},
      defaults: DEFAULT_RISK_THRESHOLDS,
      updated_at: null,
    });
  });

  it('a patch overrides one side, keeps the other, and null returns a side or a risk to the default', async () => {
    const api = await t.newAccount();
    clock.set(T0.toISOString());
    let r = await patch({ risk_thresholds: { is_offline: { red: 1800 }, in_low_battery: { yellow: 35, red: 15 } } }, api);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      risk_thresholds: { is_offline: { yellow: 300, red: 1800 }, in_low_battery: { yellow: 35, red: 15 }, in_outage: { yellow: 300, red: 900 } },
      overrides: { is_offline: { red: 1800 }, in_low_battery: { yellow: 35, red: 15 } },
      updated_at: T0.toISOString(),
    });
    r = await patch({ risk_thresholds: { is_offline: { yellow: 600 }, in_low_battery: { red: null } } }, api);
    expect(r.json().overrides).toEqual({ is_offline: { yellow: 600, red: 1800 }, in_low_battery: { yellow: 35 } });
    r = await patch({ risk_thresholds: { is_offline: null, in_low_battery: { yellow: null } } }, api);
    expect(r.json().overrides).toEqual({});
    expect(r.json().risk_thresholds).toEqual(DEFAULT_RISK_THRESHOLDS);
    expect((await api.call('GET', PATH)).json().overrides).toEqual({});
  });

  it('refuses unknown risks and sides with the native validation body, changing nothing', async () => {
    const api = await t.newAccount();
    await patch({ risk_thresholds: { is_offline: { red: 1200 } } }, api);
    let r = await patch({ risk_thresholds: { is_sleepy: { red: 5 } } }, api);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({ detail: { json: { risk_thresholds: ['Unrecognized key: "is_sleepy"'] } }, message: 'Validation error' });
    r = await patch({ risk_thresholds: { is_offline: { orange: 5 } } }, api);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({
      detail: { json: { 'risk_thresholds.is_offline': ['Unrecognized key: "orange"'] } },
      message: 'Validation error',
    });
    r = await patch({ thresholds: {} }, api);
    expect(r.statusCode).toBe(422);
    r = await patch({ risk_thresholds: { in_outage: { red: 'soon' } } }, api);
    expect(r.statusCode).toBe(422);
    expect(Object.keys(r.json().detail.json)).toEqual(['risk_thresholds.in_outage.red']);
    expect((await api.call('GET', PATH)).json().overrides).toEqual({ is_offline: { red: 1200 } });
  });

  it('refuses a band that the override would leave unordered or out of range', async () => {
    const api = await t.newAccount();
    let r = await patch({ risk_thresholds: { is_offline: { yellow: 1000 } } }, api);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({
      detail: { json: { 'risk_thresholds.is_offline': ['yellow must be at most red for is_offline'] } },
      message: 'Validation error',
    });
    r = await patch({ risk_thresholds: { in_low_battery: { yellow: 5 } } }, api);
    expect(r.json().detail.json).toEqual({ 'risk_thresholds.in_low_battery': ['yellow must be at least red for in_low_battery'] });
    r = await patch({ risk_thresholds: { in_low_battery: { yellow: 120, red: 10 } } }, api);
    expect(r.json().detail.json).toEqual({ 'risk_thresholds.in_low_battery.yellow': ['Must be a percentage (0-100)'] });
    r = await patch({ risk_thresholds: { deviating_from_expected_route: { yellow: -1 } } }, api);
    expect(r.json().detail.json).toEqual({ 'risk_thresholds.deviating_from_expected_route.yellow': ['Must not be negative'] });
    expect((await api.call('GET', PATH)).json()).toMatchObject({ overrides: {}, updated_at: null });
  });

  it('an override changes when a fix turns in_low_battery yellow and red', async () => {
    const api = await t.newAccount();
    const { orderHandle, deviceId } = await ongoingOrder(api);
    clock.set(new Date(T0.getTime() + 20_000).toISOString());
    await api.call('POST', `/devices/${deviceId}/locations`, [fixAt(0, 30), fixAt(10, 30)]);
    expect((await risksOf(orderHandle, api)).in_low_battery).toBe('green');

    await patch({ risk_thresholds: { in_low_battery: { yellow: 40, red: 25 } } }, api);
    await api.call('POST', `/devices/${deviceId}/locations`, [fixAt(20, 30)]);
    expect((await risksOf(orderHandle, api)).in_low_battery).toBe('yellow');

    await patch({ risk_thresholds: { in_low_battery: { red: 30 } } }, api);
    await api.call('POST', `/devices/${deviceId}/locations`, [fixAt(30, 30)]);
    expect((await risksOf(orderHandle, api)).in_low_battery).toBe('red');

    // Another account's override never reaches this one, nor this one's the other.
    const other = await t.newAccount();
    const theirs = await ongoingOrder(other);
    await other.call('POST', `/devices/${theirs.deviceId}/locations`, [fixAt(0, 30)]);
    expect((await risksOf(theirs.orderHandle, other)).in_low_battery).toBe('green');

    await patch({ risk_thresholds: { in_low_battery: null } }, api);
    await api.call('POST', `/devices/${deviceId}/locations`, [fixAt(40, 30)]);
    expect((await risksOf(orderHandle, api)).in_low_battery).toBe('green');
  });

  it('an override changes when the sweep turns is_offline yellow and red', async () => {
    const api = await t.newAccount();
    const { orderHandle, deviceId } = await ongoingOrder(api);
    await api.call('POST', `/devices/${deviceId}/locations`, [fixAt(0)]);
    // Three minutes of silence: green by default (yellow at 5 minutes).
    clock.set(new Date(T0.getTime() + 3 * 60_000).toISOString());
    await sweepRisks(t.deps);
    expect((await risksOf(orderHandle, api)).is_offline).toBe('green');

    await patch({ risk_thresholds: { is_offline: { yellow: 120, red: 240 } } }, api);
    await sweepRisks(t.deps);
    expect((await risksOf(orderHandle, api)).is_offline).toBe('yellow');
    clock.set(new Date(T0.getTime() + 4 * 60_000).toISOString());
    await sweepRisks(t.deps);
    expect((await risksOf(orderHandle, api)).is_offline).toBe('red');

    await patch({ risk_thresholds: { is_offline: null } }, api);
    await sweepRisks(t.deps);
    expect((await risksOf(orderHandle, api)).is_offline).toBe('green');
  });
});
