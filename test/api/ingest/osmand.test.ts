import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, trackedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { expectEmptyOk, expectText, fixCount, knotsToMps, lastSeen, storedFixes } from './stored.ts';

type Method = 'GET' | 'POST' | 'PUT';
const FORM = 'application/x-www-form-urlencoded';
const qs = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

describe.each(STORE_KINDS)('OsmAnd / Traccar Client ingest on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());
  // Fix times are 30 s before the server clock: realistic, and never "in the future".
  beforeEach(() => clock.advance(60_000));
  const fixTime = () => new Date(clock.now().getTime() - 30_000);
  const seconds = (d: Date) => d.getTime() / 1000;

  const send = (method: Method, url: string, payload?: string, contentType?: string) =>
    t.app.inject({ method, url, payload, headers: contentType ? { 'content-type': contentType } : {} });
  const device = async () => (await createWorker(t.api)).deviceId;

  describe('body shapes', () => {
    it('legacy client: POST with the fix in the query string and an empty body; the fix reaches the order', async () => {
      const { orderHandle, deviceId } = await trackedOrder(t.api);
      clock.advance(60_000);
      const at = fixTime();
      const r = await send(
        'POST',
        `/osmand?${qs({ id: deviceId, timestamp: seconds(at), lat: 52.52, lon: 13.405, speed: 19.44, bearing: 270.5, altitude: 34, accuracy: 4.5, batt: 87, charge: 'true' })}`,
      );
      expectEmptyOk(r);
      expect(await storedFixes(t.deps, deviceId)).toEqual([
        {
          recorded_at: at.toISOString(),
          lat: 52.52,
          lng: 13.405,
          altitude: 34,
          accuracy: 4.5,
          speed: knotsToMps(19.44),
          bearing: 270.5,
          battery: 87,
          activity: null,
        },
      ]);
      const order = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
      expect(order.polyline.coordinates).toEqual([[13.405, 52.52, 34, at.toISOString()]]);
    });

    it('GET with the fix in the query string', async () => {
      const deviceId = await device();
      const at = fixTime();
      expectEmptyOk(await send('GET', `/osmand?${qs({ id: deviceId, timestamp: seconds(at), lat: 48.8566, lon: 2.3522 })}`));
      expect(await storedFixes(t.deps, deviceId)).toEqual([
        { recorded_at: at.toISOString(), lat: 48.8566, lng: 2.3522, altitude: null, accuracy: null, speed: null, bearing: null, battery: null, activity: null },
      ]);
    });

    it.each([
      ['application/x-www-form-urlencoded (Traccar Client 10)', FORM],
      ['text/plain', 'text/plain'],
      ['no content type', undefined],
    ])('POST with a form body, %s', async (_name, contentType) => {
      const deviceId = await device();
      const at = fixTime();
      const body = qs({
        id: deviceId,
        lat: 40.4168,
        lon: -3.7038,
        timestamp: seconds(at),
        accuracy: 6,
        altitude: 650,
        speed: 12.35,
        bearing: 45,
        batt: 64,
        charge: 'false',
        battery_voltage: 3.9,
      });
      expectEmptyOk(await send('POST', '/osmand', body, contentType));
      expect(await storedFixes(t.deps, deviceId)).toEqual([
        {
          recorded_at: at.toISOString(),
          lat: 40.4168,
          lng: -3.7038,
          altitude: 650,
          accuracy: 6,
          speed: knotsToMps(12.35),
          bearing: 45,
          battery: 64,
          activity: null,
        },
      ]);
    });

    it('the query string wins over a form body, as in Traccar (the body is read only when the query is empty)', async () => {
      const deviceId = await device();
      const at = fixTime();
      const url = `/osmand?${qs({ id: deviceId, timestamp: seconds(at), lat: 1.5, lon: 2.5 })}`;
      expectEmptyOk(await send('POST', url, qs({ id: deviceId, timestamp: seconds(at) - 5, lat: 9, lon: 9 }), FORM));
      expect((await storedFixes(t.deps, deviceId)).map((f) => [f.recorded_at, f.lat, f.lng])).toEqual([[at.toISOString(), 1.5, 2.5]]);
    });

    it('Traccar Client 9: the transistorsoft JSON object (speed m/s, heading -1 unknown, battery fraction)', async () => {
      const deviceId = await device();
      const at = new Date(fixTime().getTime() + 862);
      const body = {
        location: {
          timestamp: at.toISOString(),
          uuid: 'c3f2d6f0-5a4b-4f2e-9d8e-0d1f2e3a4b5c',
          age: 37,
          coords: {
            latitude: 37.42,
            longitude: -122.08,
            accuracy: 5,
            speed: 3.5,
            heading: -1,
            altitude: 5,
            speed_accuracy: 1,
            heading_accuracy: -1,
            altitude_accuracy: 3,
            ellipsoidal_altitude: 2,
            floor: null,
          },
          is_moving: true,
          odometer: 1234,
          event: 'motionchange',
          battery: { level: 0.87, is_charging: false },
          activity: { type: 'in_vehicle', confidence: 100 },
          extras: {},
          _: `&id=${deviceId}&lat=37.42&lon=-122.08&timestamp=${at.toISOString()}&`,
        },
        device_id: deviceId,
      };
      expectEmptyOk(await send('POST', '/osmand', JSON.stringify(body), 'application/json'));
      expect(await storedFixes(t.deps, deviceId)).toEqual([
        { recorded_at: at.toISOString(), lat: 37.42, lng: -122.08, altitude: 5, accuracy: 5, speed: 3.5, bearing: null, battery: 87, activity: 'in_vehicle' },
      ]);
    });

    it('Traccar SDK uploadJson: a JSON array of flat objects (speed in knots)', async () => {
      const deviceId = await device();
      const at = fixTime();
      const body = [
        { id: deviceId, lat: 51.5007, lon: -0.1246, timestamp: seconds(at) - 10, speed: 10, bearing: 90, altitude: 12, accuracy: 3, batt: 55 },
        { id: deviceId, lat: 51.5008, lon: -0.1246, timestamp: seconds(at), speed: '10.5', batt: 55, charge: true },
      ];
      expectEmptyOk(await send('POST', '/osmand', JSON.stringify(body), 'application/json; charset=utf-8'));
      expect(await storedFixes(t.deps, deviceId)).toEqual([
        {
          recorded_at: new Date(at.getTime() - 10_000).toISOString(),
          lat: 51.5007,
          lng: -0.1246,
          altitude: 12,
          accuracy: 3,
          speed: knotsToMps(10),
          bearing: 90,
          battery: 55,
          activity: null,
        },
        {
          recorded_at: at.toISOString(),
          lat: 51.5008,
          lng: -0.1246,
          altitude: null,
          accuracy: null,
          speed: knotsToMps(10.5),
          bearing: null,
          battery: 55,
          activity: null,
        },
      ]);
    });

    it('a single flat JSON object is the one-element array', async () => {
      const deviceId = await device();
      const at = fixTime();
      expectEmptyOk(await send('POST', '/osmand', JSON.stringify({ id: deviceId, lat: 1.25, lon: 3.5, timestamp: seconds(at) }), 'application/json'));
      expect((await storedFixes(t.deps, deviceId)).map((f) => [f.recorded_at, f.lat, f.lng])).toEqual([[at.toISOString(), 1.25, 3.5]]);
    });

    it('location=lat,lon, deviceid and heading are the alternative spellings', async () => {
      const deviceId = await device();
      const at = fixTime();
      expectEmptyOk(await send('PUT', `/osmand/?${qs({ deviceid: deviceId, location: '59.3293,18.0686', heading: 180, timestamp: seconds(at) })}`));
      expect((await storedFixes(t.deps, deviceId)).map((f) => [f.lat, f.lng, f.bearing])).toEqual([[59.3293, 18.0686, 180]]);
    });

    it('repeated keys are all read in order, so the last value wins', async () => {
      const deviceId = await device();
      const at = fixTime();
      expectEmptyOk(await send('POST', `/osmand?id=${deviceId}&lat=10&lon=20&timestamp=${seconds(at)}&lat=10.5&speed=1&speed=2`));
      expect((await storedFixes(t.deps, deviceId)).map((f) => [f.lat, f.lng, f.speed])).toEqual([[10.5, 20, knotsToMps(2)]]);
    });
  });

  describe('timestamp forms', () => {
    const cases: [string, (at: Date) => string | undefined][] = [
      ['unix seconds', (at) => String(at.getTime() / 1000)],
      ['unix milliseconds', (at) => String(at.getTime())],
      ['ISO-8601 with T and Z', (at) => at.toISOString()],
      ['ISO-8601 with T and an offset', (at) => `${new Date(at.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`],
      ['ISO-8601 with T and no zone (read as UTC)', (at) => at.toISOString().slice(0, 19)],
      ['yyyy-MM-dd HH:mm:ss (read as UTC)', (at) => at.toISOString().slice(0, 19).replace('T', ' ')],
    ];
    it.each(cases)('%s', async (_name, form) => {
      const deviceId = await device();
      const at = fixTime();
      expectEmptyOk(await send('POST', `/osmand?${qs({ id: deviceId, lat: 35.6762, lon: 139.6503, timestamp: form(at)! })}`));
      expect((await storedFixes(t.deps, deviceId)).map((f) => f.recorded_at)).toEqual([at.toISOString()]);
    });

    it('no timestamp: the fix time is the receive time', async () => {
      const deviceId = await device();
      expectEmptyOk(await send('POST', `/osmand?${qs({ id: deviceId, lat: 35.6762, lon: 139.6503 })}`));
      expect((await storedFixes(t.deps, deviceId)).map((f) => f.recorded_at)).toEqual([clock.now().toISOString()]);
    });
  });

  describe('requests without a position', () => {
    it.each([
      ['a push-token registration (Traccar Client 10)', (id: string) => qs({ id, notificationToken: 'fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx' })],
      ['a heartbeat with only id and time', (id: string) => qs({ id, timestamp: Math.floor(clock.now().getTime() / 1000) })],
    ])('%s is 200, stores no fix and records that the device was heard from', async (_name, body) => {
      const deviceId = await device();
      const before = await fixCount(t.deps);
      expectEmptyOk(await send('POST', '/osmand', body(deviceId), FORM));
      expect(await storedFixes(t.deps, deviceId)).toEqual([]);
      expect(await fixCount(t.deps)).toBe(before);
      expect(await lastSeen(t.deps, deviceId)).toBe(clock.now().toISOString());
    });

    it('a transistorsoft heartbeat without coords', async () => {
      const deviceId = await device();
      const body = { location: { timestamp: fixTime().toISOString(), event: 'heartbeat', is_moving: false, battery: { level: 0.5 } }, device_id: deviceId };
      expectEmptyOk(await send('POST', '/osmand', JSON.stringify(body), 'application/json'));
      expect(await storedFixes(t.deps, deviceId)).toEqual([]);
      expect(await lastSeen(t.deps, deviceId)).toBe(clock.now().toISOString());
    });
  });

  describe('bad input: the protocol error and nothing stored', () => {
    const unchanged = async (fn: () => Promise<void>) => {
      const before = await fixCount(t.deps);
      await fn();
      expect(await fixCount(t.deps)).toBe(before);
    };

    it('an unknown device is 400 on a key/value request', () =>
      unchanged(async () => {
        expectText(await send('POST', `/osmand?${qs({ id: 'NO-SUCH-DEVICE', lat: 1, lon: 2, timestamp: seconds(fixTime()) })}`), 400, 'Unknown device');
      }));

    it('an unknown device is 404 on a JSON request, as in Traccar', () =>
      unchanged(async () => {
        const body = { location: { timestamp: fixTime().toISOString(), coords: { latitude: 1, longitude: 2 } }, device_id: 'NO-SUCH-DEVICE' };
        expectText(await send('POST', '/osmand', JSON.stringify(body), 'application/json'), 404, 'Unknown device');
        expectText(await send('POST', '/osmand', JSON.stringify([{ id: 'NO-SUCH-DEVICE', lat: 1, lon: 2 }]), 'application/json'), 404, 'Unknown device');
      }));

    it.each([
      ['no parameters at all', 'POST', '/osmand', undefined, undefined],
      ['a fix without id', 'POST', '/osmand?lat=1&lon=2', undefined, undefined],
      ['an empty id', 'GET', '/osmand?id=&lat=1&lon=2', undefined, undefined],
      ['a JSON object without device_id', 'POST', '/osmand', '{"location":{"coords":{"latitude":1,"longitude":2}}}', 'application/json'],
      ['an empty JSON body', 'POST', '/osmand', '', 'application/json'],
    ] as const)('%s is 400 Missing device id', (_name, method, url, body, contentType) =>
      unchanged(async () => {
        expectText(await send(method, url, body, contentType), 400, 'Missing device id');
      }),
    );

    it.each([
      ['lat=abc', (id: string) => `id=${id}&lat=abc&lon=2`, 'Invalid lat'],
      ['lon=0x10', (id: string) => `id=${id}&lat=1&lon=0x10`, 'Invalid lon'],
      ['location without a comma', (id: string) => `id=${id}&location=52.5`, 'Invalid location: expected lat,lon'],
      ['lat without lon', (id: string) => `id=${id}&lat=52.5`, 'lat and lon must be sent together'],
      ['a timestamp in no known form', (id: string) => `id=${id}&lat=1&lon=2&timestamp=yesterday`, 'Invalid timestamp'],
      ['an impossible date', (id: string) => `id=${id}&lat=1&lon=2&timestamp=2030-02-31%2010:00:00`, 'Invalid timestamp'],
    ])('garbage: %s is 400', async (_name, query, message) => {
      const deviceId = await device();
      await unchanged(async () => expectText(await send('POST', `/osmand?${query(deviceId)}`), 400, message));
      expect(await lastSeen(t.deps, deviceId)).toBeNull();
    });

    it.each([
      ['malformed JSON', '{"location":', 'Malformed JSON body'],
      ['a JSON number', '42', 'Expected a JSON object or array'],
      [
        'coords that are not numbers',
        (id: string) => JSON.stringify({ location: { coords: { latitude: 'abc', longitude: 2 } }, device_id: id }),
        'location.coords.latitude and longitude must be numbers',
      ],
      [
        'a bad location.timestamp',
        (id: string) => JSON.stringify({ location: { timestamp: 'soon', coords: { latitude: 1, longitude: 2 } }, device_id: id }),
        'Invalid location.timestamp',
      ],
      ['an array of non-objects', '[1,2]', 'Expected an array of objects'],
      [
        'fixes of two devices in one array',
        (id: string) =>
          JSON.stringify([
            { id, lat: 1, lon: 2 },
            { id: `${id}-other`, lat: 1, lon: 2 },
          ]),
        'One request may carry the fixes of one device only',
      ],
    ])('garbage JSON: %s is 400', async (_name, body, message) => {
      const deviceId = await device();
      const payload = typeof body === 'string' ? body : body(deviceId);
      await unchanged(async () => expectText(await send('POST', '/osmand', payload, 'application/json'), 400, message));
    });

    it('coordinates out of range are answered 200 (or the app would resend them forever) and dropped', async () => {
      const deviceId = await device();
      await unchanged(async () => {
        expectEmptyOk(await send('POST', `/osmand?${qs({ id: deviceId, lat: 123.4, lon: 13.4, timestamp: seconds(fixTime()) })}`));
        expectEmptyOk(await send('POST', `/osmand?${qs({ id: deviceId, lat: 0, lon: 0, timestamp: seconds(fixTime()) })}`));
      });
      expect(await storedFixes(t.deps, deviceId)).toEqual([]);
    });

    it('a body over 1 MiB is 413', () =>
      unchanged(async () => {
        const deviceId = await device();
        const body = `id=${deviceId}&lat=1&lon=2&pad=${'x'.repeat(1024 * 1024)}`;
        expectText(await send('POST', '/osmand', body, FORM), 413, 'Request body too large');
      }));

    it('an array of more than 1,000 fixes is 413', async () => {
      const deviceId = await device();
      const base = seconds(fixTime()) - 2000;
      const body = Array.from({ length: 1001 }, (_, i) => ({ id: deviceId, lat: 1, lon: 2, timestamp: base + i }));
      await unchanged(async () => expectText(await send('POST', '/osmand', JSON.stringify(body), 'application/json'), 413, 'At most 1000 fixes per request'));
    });
  });

  it('a resent fix (the app retrying after a lost reply) is 200 again and stored once', async () => {
    const deviceId = await device();
    const url = `/osmand?${qs({ id: deviceId, timestamp: seconds(fixTime()), lat: 52.52, lon: 13.405 })}`;
    expectEmptyOk(await send('POST', url));
    expectEmptyOk(await send('POST', url));
    expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
  });

  it('other dialects keep their JSON parser: malformed JSON on the native API is still its 422', async () => {
    const r = await t.api.call('POST', '/orders', '{"orders":');
    expect(r.statusCode).toBe(422);
  });
});
