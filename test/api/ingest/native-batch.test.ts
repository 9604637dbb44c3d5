import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicAuth, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { fixCount, storedFixes } from './stored.ts';

/**
 * The native batch (POST /devices/{id}/locations) next to the app protocols: the same pipeline,
 * already in Dropline's units (m/s, percent), so the stored fix is the sent one.
 */
describe.each(STORE_KINDS)('native location batch, as stored, on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());
  beforeEach(() => clock.advance(60_000));
  const at = (secondsAgo: number) => new Date(clock.now().getTime() - secondsAgo * 1000).toISOString();

  it('stores every field as sent and replies with the counts', async () => {
    const { deviceId } = await createWorker(t.api);
    const point = { recorded_at: at(30), lat: 52.52, lng: 13.405, altitude: 34.5, accuracy: 4, speed: 10.2, bearing: 271, battery: 66, activity: 'walking' };
    const r = await t.api.call('POST', `/devices/${deviceId}/locations`, { locations: [point] });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    expect(await storedFixes(t.deps, deviceId)).toEqual([
      { recorded_at: point.recorded_at, lat: 52.52, lng: 13.405, altitude: 34.5, accuracy: 4, speed: 10.2, bearing: 271, battery: 66, activity: 'walking' },
    ]);
  });

  it('the device token authenticates too; a wrong one is 401 and stores nothing', async () => {
    const { deviceId } = await createWorker(t.api);
    const token = (await t.api.call('POST', `/devices/${deviceId}/token`)).json().token as string;
    const send = (bearer: string) =>
      t.app.inject({
        method: 'POST',
        url: `/devices/${deviceId}/locations`,
        payload: JSON.stringify([{ recorded_at: at(20), lat: 1.5, lng: 2.5 }]),
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      });
    const wrong = await send('not-the-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ detail: {}, message: 'Invalid device token' });
    expect(await storedFixes(t.deps, deviceId)).toEqual([]);
    const right = await send(token);
    expect(right.json()).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
  });

  it('an impossible fix (0,0) is dropped and counted, nothing stored', async () => {
    const { deviceId } = await createWorker(t.api);
    const r = await t.api.call('POST', `/devices/${deviceId}/locations`, [{ recorded_at: at(10), lat: 0, lng: 0 }]);
    expect(r.json()).toEqual({ accepted: 0, duplicates: 0, dropped: { out_of_range: 1 } });
    expect(await storedFixes(t.deps, deviceId)).toEqual([]);
  });

  it('bad input is refused and nothing is stored', async () => {
    const { deviceId } = await createWorker(t.api);
    const before = await fixCount(t.deps);
    const point = { recorded_at: at(10), lat: 1, lng: 2 };
    const garbage = await t.api.call('POST', `/devices/${deviceId}/locations`, [{ ...point, lat: 91 }]);
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json()).toEqual({ detail: { json: { '0.lat': ['Too big: expected number to be <=90'] } }, message: 'Validation error' });
    const oversize = await t.api.call(
      'POST',
      `/devices/${deviceId}/locations`,
      Array.from({ length: 1001 }, () => point),
    );
    expect(oversize.statusCode).toBe(422);
    expect(oversize.json()).toEqual({ detail: { json: { _schema: ['Invalid input'] } }, message: 'Validation error' });
    const unknown = await t.api.call('POST', '/devices/NO-SUCH-DEVICE/locations', [point]);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ code: 'device_not_found', title: 'Device could not be found', detail: null });
    const wrongSecret = await t.app.inject({
      method: 'POST',
      url: `/devices/${deviceId}/locations`,
      payload: JSON.stringify([point]),
      headers: { authorization: basicAuth(t.api.accountId, 'wrong'), 'content-type': 'application/json' },
    });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toEqual({ detail: {}, message: 'Invalid credentials' });
    expect(await fixCount(t.deps)).toBe(before);
  });
});
