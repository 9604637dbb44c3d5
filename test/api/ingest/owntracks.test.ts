import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/services/accounts/create-account.ts';
import { type ApiClient, basicAuth, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, trackedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { expectText, fixCount, lastSeen, storedFixes } from './stored.ts';

/** OwnTracks success: `200 []` as JSON (reference §3.4). */
function expectEmptyList(r: LightMyRequestResponse): void {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).toBe('[]');
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(r.headers['content-length']).toBe('2');
}

function expectUnauthorised(r: LightMyRequestResponse, body: string): void {
  expectText(r, 401, body);
  expect(r.headers['www-authenticate']).toBe('Basic realm="dropline"');
}

describe.each(STORE_KINDS)('OwnTracks HTTP mode ingest on %s', (kind) => {
  let t: TestApi;
  let account: string;
  let secret: string;
  /** The native API as this account (the phone's user types account_id and secret_key into OwnTracks). */
  let native: ApiClient;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    ({ account_id: account, secret_key: secret } = await createAccount(t.deps, 'owntracks'));
    native = {
      accountId: account,
      authorization: basicAuth(account, secret),
      call: (method, url, body, headers = {}) =>
        t.app.inject({
          method: method as 'POST',
          url,
          payload: body === undefined ? undefined : JSON.stringify(body),
          headers: { authorization: basicAuth(account, secret), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        }),
    };
  });
  afterAll(() => t.close());
  beforeEach(() => clock.advance(60_000));
  const tst = () => Math.floor(clock.now().getTime() / 1000) - 30;

  /** Mimics OwnTracks Android: JSON body, Basic auth, X-Limit-U / X-Limit-D. */
  const post = (body: unknown, opts: { device?: string; auth?: string | null; url?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: opts.url ?? '/owntracks',
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Owntracks-Android/gms/420412000',
        ...(opts.auth === null ? {} : { authorization: opts.auth ?? basicAuth(account, secret) }),
        ...(opts.device ? { 'x-limit-u': account, 'x-limit-d': opts.device } : {}),
      },
    });
  const device = async () => (await createWorker(native)).deviceId;
  const location = (extra: Record<string, unknown> = {}) => ({
    _type: 'location',
    lat: 48.8584,
    lon: 2.2945,
    tst: tst(),
    acc: 12,
    alt: 35,
    vel: 40,
    cog: 270,
    batt: 87,
    bs: 1,
    tid: 'JJ',
    t: 'u',
    conn: 'm',
    topic: 'owntracks/http/JJ',
    created_at: tst() + 3,
    ...extra,
  });

  it('a location message is stored with vel km/h → m/s and tst as the fix time, and the reply is 200 []', async () => {
    const deviceId = await device();
    const msg = location();
    expectEmptyList(await post(msg, { device: deviceId }));
    expect(await storedFixes(t.deps, deviceId)).toEqual([
      {
        recorded_at: new Date(msg.tst * 1000).toISOString(),
        lat: 48.8584,
        lng: 2.2945,
        altitude: 35,
        accuracy: 12,
        speed: 40 / 3.6,
        bearing: 270,
        battery: 87,
        activity: null,
      },
    ]);
  });

  it('the fix counts toward the order the device is tracking', async () => {
    const { orderHandle, deviceId } = await trackedOrder(native);
    clock.advance(60_000);
    const msg = location();
    expectEmptyList(await post(msg, { device: deviceId }));
    const read = (await native.call('GET', `/orders/${orderHandle}`)).json();
    expect(read.polyline.coordinates).toEqual([[2.2945, 48.8584, 35, new Date(msg.tst * 1000).toISOString()]]);
  });

  it('acc, alt, cog and vel are omitted when zero, so absent means 0', async () => {
    const deviceId = await device();
    const msg = { _type: 'location', lat: 48.1, lon: 11.5, tst: tst(), tid: 'AB' };
    expectEmptyList(await post(msg, { device: deviceId }));
    expect(await storedFixes(t.deps, deviceId)).toEqual([
      {
        recorded_at: new Date(msg.tst * 1000).toISOString(),
        lat: 48.1,
        lng: 11.5,
        altitude: 0,
        accuracy: 0,
        speed: 0,
        bearing: 0,
        battery: null,
        activity: null,
      },
    ]);
  });

  describe('the device: X-Limit-D, then ?d=, then tid', () => {
    it('X-Limit-D wins over ?d= and tid', async () => {
      const deviceId = await device();
      expectEmptyList(await post(location({ tid: 'ZZ' }), { device: deviceId, url: '/owntracks?u=x&d=NO-SUCH-DEVICE' }));
      expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
    });

    it('?d= (OwnTracks Recorder style) wins over tid', async () => {
      const deviceId = await device();
      expectEmptyList(await post(location({ tid: 'ZZ' }), { url: `/owntracks?u=${account}&d=${encodeURIComponent(deviceId)}` }));
      expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
    });

    it('tid when nothing else names the device', async () => {
      const deviceId = await device();
      expectEmptyList(await post(location({ tid: deviceId })));
      expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
    });

    it('a location naming no device at all is 400', async () => {
      const before = await fixCount(t.deps);
      const { tid: _tid, ...withoutTid } = location();
      expectText(await post(withoutTid), 400, 'No device id: set the Device ID in OwnTracks (sent as X-Limit-D)');
      expect(await fixCount(t.deps)).toBe(before);
    });
  });

  it("the device's own token works as the password", async () => {
    const deviceId = await device();
    const issued = await native.call('POST', `/devices/${deviceId}/token`);
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    expectEmptyList(await post(location(), { device: deviceId, auth: basicAuth(account, token) }));
    expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
    // The token names that one device only.
    const other = await device();
    expectUnauthorised(await post(location(), { device: other, auth: basicAuth(account, token) }), 'Invalid credentials');
    expect(await storedFixes(t.deps, other)).toEqual([]);
  });

  describe('messages without a position', () => {
    it.each([
      ['transition', { _type: 'transition', wtst: 1, lat: 1, lon: 2, tst: 1, acc: 5, tid: 'JJ', event: 'enter', desc: 'Home', t: 'c' }],
      ['card', { _type: 'card', name: 'Jane', face: 'iVBORw0KGgo=' }],
      ['lwt', { _type: 'lwt', tst: 1 }],
      ['encrypted (payload encryption on: not readable)', { _type: 'encrypted', data: 'c2VjcmV0Ym94' }],
    ])('%s is 200 [], stores no fix and records that the device was heard from', async (_name, msg) => {
      const deviceId = await device();
      expectEmptyList(await post(msg, { device: deviceId }));
      expect(await storedFixes(t.deps, deviceId)).toEqual([]);
      expect(await lastSeen(t.deps, deviceId)).toBe(clock.now().toISOString());
    });

    it('an empty body (friend deletion) is 200 []', async () => {
      const deviceId = await device();
      expectEmptyList(await post('', { device: deviceId }));
      expectEmptyList(await post(''));
      expect(await storedFixes(t.deps, deviceId)).toEqual([]);
    });
  });

  describe('refused: the error and nothing stored', () => {
    const unchanged = async (fn: () => Promise<void>) => {
      const before = await fixCount(t.deps);
      await fn();
      expect(await fixCount(t.deps)).toBe(before);
    };

    it('no credentials is 401', () =>
      unchanged(async () => {
        const deviceId = await device();
        expectUnauthorised(
          await post(location(), { device: deviceId, auth: null }),
          'Missing credentials: use HTTP Basic with account_id and secret_key or device token',
        );
      }));

    it('a wrong password is 401', () =>
      unchanged(async () => {
        const deviceId = await device();
        expectUnauthorised(await post(location(), { device: deviceId, auth: basicAuth(account, 'wrong') }), 'Invalid credentials');
        expectUnauthorised(await post(location(), { device: deviceId, auth: basicAuth('NO-SUCH-ACCOUNT', secret) }), 'Invalid credentials');
      }));

    it('an unknown device is 404', () =>
      unchanged(async () => {
        expectText(await post(location(), { device: 'NO-SUCH-DEVICE' }), 404, 'Unknown device');
      }));

    it("another account's device is 404, like an unknown one", async () => {
      const { deviceId } = await trackedOrder(t.api);
      await unchanged(async () => {
        expectText(await post(location(), { device: deviceId }), 404, 'Unknown device');
      });
      expect(await lastSeen(t.deps, deviceId)).toBeNull();
    });

    it.each([
      ['malformed JSON', '{"_type":"location",', 'Malformed JSON body'],
      ['a JSON array', '[]', 'Expected one JSON object'],
      ['a location without lat', JSON.stringify({ _type: 'location', lon: 2, tst: 1893484800 }), 'A location needs numeric lat and lon'],
      ['a location with lat as text', JSON.stringify({ _type: 'location', lat: 'abc', lon: 2, tst: 1893484800 }), 'A location needs numeric lat and lon'],
      ['a location without tst', JSON.stringify({ _type: 'location', lat: 1, lon: 2 }), 'A location needs tst (unix seconds)'],
    ])('garbage: %s is 400', async (_name, body, message) => {
      const deviceId = await device();
      await unchanged(async () => expectText(await post(body, { device: deviceId }), 400, message));
      expect(await lastSeen(t.deps, deviceId)).toBeNull();
    });

    it('coordinates out of range are answered 200 [] (the phone would resend them forever) and dropped', async () => {
      const deviceId = await device();
      await unchanged(async () => expectEmptyList(await post(location({ lat: 91 }), { device: deviceId })));
    });

    it('a body over 512 KiB is 413', () =>
      unchanged(async () => {
        const deviceId = await device();
        const body = JSON.stringify({ _type: 'card', name: 'x', face: 'A'.repeat(512 * 1024) });
        expectText(await post(body, { device: deviceId }), 413, 'Request body too large');
      }));
  });

  it('a resent location (the queue retrying) is 200 [] again and stored once', async () => {
    const deviceId = await device();
    const msg = location();
    expectEmptyList(await post(msg, { device: deviceId }));
    expectEmptyList(await post(msg, { device: deviceId }));
    expect(await storedFixes(t.deps, deviceId)).toHaveLength(1);
  });
});
