import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, PICKUP, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';
import { type SeedField, seedTypes } from '../../helpers/uber-seed.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

const SEED = '003_09a11ad9c148c1b9.txt';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Fields a response may leave out: the seed marks them deprecated or optional, and proof and
 * requirement objects list what *may* be collected or required at a waypoint, not what always is.
 */
const isOptional = (parent: string, f: SeedField) =>
  /\[DEPRECATED\]|\(optional\)|\[optional\]/.test(f.description) ||
  ['VerificationProof', 'VerificationRequirement', 'SignatureProof', 'PictureProof', 'IdentificationProof', 'PincodeProof', 'BarcodeRequirement'].includes(
    parent,
  );

function problems(types: Map<string, SeedField[]>, typeName: string, value: unknown, path: string): string[] {
  const fields = types.get(typeName);
  if (fields) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected ${typeName} object, got ${JSON.stringify(value)}`];
    const obj = value as Record<string, unknown>;
    return fields.flatMap((f) => {
      if (!(f.name in obj)) return isOptional(typeName, f) ? [] : [`${path}.${f.name}: missing`];
      return problems(types, f.type, obj[f.name], `${path}.${f.name}`);
    });
  }
  if (typeName.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${path}: expected ${typeName}, got ${JSON.stringify(value)}`];
    return value.flatMap((v, i) => problems(types, typeName.slice(0, -2), v, `${path}[${i}]`));
  }
  const ok: Record<string, (v: unknown) => boolean> = {
    boolean: (v) => typeof v === 'boolean',
    bool: (v) => typeof v === 'boolean',
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    float: (v) => typeof v === 'number',
    double: (v) => typeof v === 'number',
    'timestamp (RFC 3339)': (v) => typeof v === 'string' && RFC3339.test(v),
    enum: (v) => typeof v === 'string',
  };
  const check = ok[typeName];
  if (!check) return [`${path}: the seed's type ${typeName} is unknown to this test`];
  return check(value) ? [] : [`${path}: expected ${typeName}, got ${JSON.stringify(value)}`];
}

describe.each(STORE_KINDS)('seed 003 (Cancel Delivery) response shape on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  const types = seedTypes(SEED);

  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  it('the seed page was read: every documented field is known to the test', () => {
    expect(types.get('ROOT')!.map((f) => f.name)).toHaveLength(29);
    expect([...types.keys()]).toEqual(
      expect.arrayContaining(['CourierInfo', 'WaypointInfo', 'ManifestInfo', 'ManifestItem', 'RelatedDelivery', 'Address', 'LatLng']),
    );
  });

  it('a cancel of a delivery with a courier on the way has every field of the seed with its type', async () => {
    const quote = (await u.client.createQuote(deliveryReq() as never)) as { id: string };
    const d = (await u.client.createDelivery(deliveryReq({ quote_id: quote.id, tip: 100 }) as never)) as { id: string };
    const worker = uniq('courier');
    const device = uniq('device');
    const w = await u.native.call('POST', '/workers', {
      worker_handle: worker,
      name: 'Alex Irving',
      device_id: device,
      profile: { vehicle_type: 'bicycle', phone_number: '+14155550000' },
    });
    expect(w.statusCode, w.body).toBe(201);
    for (const type of ['pick', 'drop'])
      expect((await u.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker })).statusCode).toBe(200);
    const loc = await u.native.call('POST', `/devices/${device}/locations`, [
      { recorded_at: new Date().toISOString(), lat: PICKUP.lat - 0.01, lng: PICKUP.lng, accuracy: 5 },
    ]);
    expect(loc.statusCode, loc.body).toBeLessThan(300);

    const canceled = (await u.client.cancelDelivery(d.id)) as Record<string, unknown>;
    expect(canceled.status).toBe('canceled');
    expect(problems(types, 'ROOT', canceled, '$')).toEqual([]);
    expect(canceled.courier).toMatchObject({
      name: 'Alex I.',
      vehicle_type: 'bicycle',
      phone_number: '+14155550000',
      location: { lat: PICKUP.lat - 0.01, lng: PICKUP.lng },
    });
    expectUberSchema('DeliveryResp', canceled);
  });
});
