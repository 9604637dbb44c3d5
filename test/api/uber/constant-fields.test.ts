import { OrganizationsClient } from 'uber-direct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { type ConstantAllowList, FieldVariety } from '../../helpers/constant-fields.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { DROPOFF, deliveryReq, fetchToken, listen, PICKUP, quoteReq, structured, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';

type Delivery = Record<string, unknown> & { id: string; status: string; complete: boolean; related_deliveries: { id: string }[] };

/** Uber's robo schedule in about 1.5 s. */
const TIME_FACTOR = 0.01;

/** Every Uber operation the dialect serves; each must be in the scenario. */
const OPERATIONS = [
  'OAuthToken',
  'CreateQuote',
  'CreateDelivery',
  'ListDeliveries',
  'GetDelivery',
  'UpdateDelivery',
  'CancelDelivery',
  'ProofOfDelivery',
  'CreateOrg',
  'GetOrg',
  'InviteToOrg',
];

/** One reason for a delivery field in every operation, the list's `data[]` included. */
const everywhere = (path: string, reason: string): ConstantAllowList => ({ [`* ${path}`]: reason, [`* data[].${path}`]: reason });

/** Fields that are constant by definition, each with why. Anything else that never varies fails. */
const ALLOWED: ConstantAllowList = {
  '* kind': 'Uber: always "delivery" / "delivery_quote"',
  '* data[].kind': 'Uber: always "delivery"',
  'OAuthToken token_type': 'always "Bearer" (reference §1)',
  'OAuthToken expires_in': "Uber's 30-day token lifetime (reference §1)",
  'ListDeliveries total_count': 'Uber: deprecated, always -1',
  '* pickup.seller_notes': 'Uber has seller notes for the dropoff only',
  '* return.seller_notes': 'Uber has seller notes for the dropoff only',
  '* data[].pickup.seller_notes': 'Uber has seller notes for the dropoff only',
  '* data[].return.seller_notes': 'Uber has seller notes for the dropoff only',
  '* pickup.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  '* dropoff.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  '* return.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  '* data[].pickup.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  '* data[].dropoff.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  '* data[].return.courier_notes': 'Dropline couriers send no notes; Uber sends "" when there are none',
  'CreateDelivery status': 'Uber: always pending when the delivery is created',
  'CreateDelivery complete': 'a new delivery is not finished',
  'CreateDelivery courier_imminent': 'no courier is assigned at create',
  'CreateDelivery undeliverable_action': 'nothing has failed at create',
  'CreateDelivery undeliverable_reason': 'nothing has failed at create',
  'CreateDelivery related_deliveries': 'a return leg exists only after a failure',
  'CreateDelivery pickup.verification': 'no proof is collected at create',
  'CreateDelivery dropoff.verification': 'no proof is collected at create',
  'CreateDelivery dropoff_identifier': 'nobody has received the delivery at create',
  'UpdateDelivery related_deliveries[].relationship': 'only a return leg can still be updated: the original it names is finished (returned)',
  'CancelDelivery status': 'a cancel answers the canceled delivery',
  'CancelDelivery complete': 'a canceled delivery is finished',
  'CancelDelivery courier_imminent': 'a canceled delivery has no stop to be imminent at',
  'CancelDelivery undeliverable_action': 'a delivery canceled by the merchant was not undeliverable',
  'CancelDelivery undeliverable_reason': 'a delivery canceled by the merchant was not undeliverable',
  'CancelDelivery related_deliveries': 'a merchant cancel (before pickup) makes no return leg',
  'CancelDelivery pickup.verification': 'cancel is refused once the items are picked up, so no proof exists',
  'CancelDelivery dropoff.verification': 'cancel is refused once the items are picked up, so no proof exists',
  'CancelDelivery dropoff_identifier': 'nobody received a canceled delivery',
  ...everywhere(
    'return.verification',
    'a return leg is driven through the native API, which collects no proof (only the robo does, and it never fails a dropoff)',
  ),
  ...everywhere('dropoff.verification.identification.min_age_verified', 'only the robo collects proofs, and it satisfies every requirement (reference §11)'),
  ...everywhere('pickup.verification.signature.signer_relationship', 'the robo courier signs as the recipient (reference §11)'),
  ...everywhere('dropoff.verification.signature.signer_relationship', 'the robo courier signs as the recipient (reference §11)'),
};

/** The two places of delivery i: distinct coordinates, a few hundred metres apart from the others'. */
const places = (i: number) => ({
  pickup_latitude: PICKUP.lat + i * 0.001,
  pickup_longitude: PICKUP.lng - i * 0.0007,
  dropoff_latitude: DROPOFF.lat + i * 0.0012,
  dropoff_longitude: DROPOFF.lng + i * 0.0009,
});

const address = (i: number, street: string) =>
  i % 5 === 2
    ? `${street}, San Francisco` // free text, as Uber also takes
    : JSON.stringify({
        street_address: [street, ...(i % 2 ? [`Suite ${i}`] : [])],
        city: i % 3 ? 'San Francisco' : 'Daly City',
        state: i % 2 ? 'CA' : 'California',
        zip_code: `941${10 + i}`,
        country: i % 4 ? 'US' : 'USA',
        ...(i % 2 ? { sublocality_level_1: `District ${i}` } : {}),
      });

/** Inputs that differ from delivery to delivery in every field a create echoes. */
const variant = (i: number): Record<string, unknown> => ({
  ...places(i),
  pickup_address: address(i, `${100 + i} Market St`),
  dropoff_address: address(i + 1, `${400 + i} Mission St`),
  pickup_name: `Store ${i}`,
  dropoff_name: `Customer ${i}`,
  ...(i % 3 === 1 ? { pickup_business_name: `Store ${i} Ltd` } : {}),
  pickup_phone_number: `+1415555${1000 + i}`,
  dropoff_phone_number: `+1415556${1000 + i}`,
  ...(i % 2 ? { pickup_notes: `Back door ${i}`, dropoff_notes: `Ring ${i} times`, dropoff_seller_notes: `Fragile ${i}` } : {}),
  manifest_items: [
    {
      name: `Item ${i}`,
      quantity: 1 + (i % 3),
      size: ['small', 'medium', 'large', 'xlarge', 'big'][i % 5],
      price: 500 + i * 100,
      weight: 300 + i * 50,
      ...(i % 2 ? { dimensions: { length: 10 + i, height: 5 + i, depth: 8 + i }, must_be_upright: i % 4 === 1, vat_percentage: 1_000_000 + i } : {}),
    },
    ...(i % 3 === 0 ? [{ name: `Extra ${i}`, quantity: 1 }] : []),
  ],
  manifest_reference: `REF-${i}`,
  manifest_total_value: 1000 + i * 10,
  ...(i % 2 ? { external_store_id: `store-${i % 3}` } : {}),
});

describe.each(STORE_KINDS)('Uber constant-field check on %s', (kind) => {
  let t: TestApi;
  let url: string;
  let a: UberTestClient;
  let b: UberTestClient;
  const seen = new FieldVariety();

  beforeAll(async () => {
    t = await startTestApi(kind, { uberRoboTimeFactor: TIME_FACTOR });
    url = await listen(t);
    a = await uberClient(t, 'live', 'const-a');
    b = await uberClient(t, 'test', 'const-b');
  });
  afterAll(() => t.close());

  const native = async (c: UberTestClient, method: string, path: string, body?: unknown) => {
    const r = await c.native.call(method, path, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const create = async (c: UberTestClient, i: number, extra: Record<string, unknown>) => {
    const d = (await c.client.createDelivery(deliveryReq({ ...variant(i), ...extra }) as never)) as Delivery;
    seen.record('CreateDelivery', d);
    return d;
  };
  const get = async (c: UberTestClient, id: string) => {
    const d = (await c.client.getDelivery(id)) as Delivery;
    seen.record('GetDelivery', d);
    return d;
  };
  const worker = async (c: UberTestClient, name: string, profile: Record<string, unknown>) => {
    const handle = uniq('courier');
    const device = uniq('device');
    await native(c, 'POST', '/workers', { worker_handle: handle, name, device_id: device, profile });
    return { handle, device };
  };
  /** Both stops to the worker; the route they joined. */
  const assign = async (c: UberTestClient, id: string, w: { handle: string }): Promise<string> => {
    let route = '';
    for (const type of ['pick', 'drop']) route = (await native(c, 'POST', `/orders/${id}/reassign?type=${type}`, { worker_handle: w.handle })).route_handle;
    return route;
  };
  /** A fix of the worker's device, timed as if driven there at 20 m/s (the ingest drops teleports). */
  const lastFix = new Map<string, { at: number; lat: number; lng: number }>();
  const fix = (c: UberTestClient, w: { device: string }, to: { lat: number; lng: number }) => {
    const last = lastFix.get(w.device);
    const metres = last ? Math.hypot((to.lat - last.lat) * 111_320, (to.lng - last.lng) * 88_000) : 0;
    const at = Math.max(Date.now(), (last?.at ?? 0) + Math.ceil(metres / 20) * 1000 + 1000);
    lastFix.set(w.device, { at, ...to });
    return native(c, 'POST', `/devices/${w.device}/locations`, [{ recorded_at: new Date(at).toISOString(), lat: to.lat, lng: to.lng, accuracy: 5, speed: 8 }]);
  };

  it('walks every response field of every operation through a scenario; none is constant unless allowed', async () => {
    // Tokens: the scopes asked for differ.
    for (const [c, mode, scope] of [
      [a, 'live', 'eats.deliveries'],
      [b, 'test', 'eats.deliveries direct.organizations'],
    ] as const) {
      const pair = c.creds.uber[mode];
      const res = await fetch(`${url}/oauth/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: pair.client_id, client_secret: pair.client_secret, grant_type: 'client_credentials', scope }).toString(),
      });
      seen.record('OAuthToken', await res.json());
    }
    expect((await fetchToken(url, a.creds.uber.live.client_id, a.creds.uber.live.client_secret)).status).toBe(200);

    // Account b prices in euros with its own model.
    await native(b, 'PATCH', '/uber/pricing', { base_fee: 399, per_km: 120, currency: 'eur', pickup_minutes: 7 });

    const soon = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
    const q1 = (await a.client.createQuote(quoteReq(places(1)) as never)) as { id: string };
    seen.record('CreateQuote', q1);
    seen.record('CreateQuote', await b.client.createQuote(quoteReq({ ...places(5), pickup_ready_dt: soon(30), pickup_deadline_dt: soon(60) }) as never));

    const d1 = await create(a, 1, {
      quote_id: q1.id,
      tip: 300,
      external_id: uniq('order'),
      deliverable_action: 'deliverable_action_meet_at_door',
      dropoff_verification: {
        barcodes: [
          { value: 'B-1', type: 'QR' },
          { value: 'B-2', type: 'CODE39' },
        ],
        pincode: { enabled: true },
      },
    });
    const d2 = await create(a, 2, {
      undeliverable_action: 'leave_at_door',
      deliverable_action: 'deliverable_action_leave_at_door',
      pickup_verification: { picture: true },
    });
    const d3 = await create(a, 3, {
      return_verification: { picture: true, signature_requirement: { enabled: false, collect_signer_name: false, collect_signer_relationship: false } },
      requires_id: true,
      pickup_ready_dt: soon(1),
      pickup_deadline_dt: soon(40),
    });
    const d4 = await create(a, 4, {
      undeliverable_action: 'discard',
      requires_dropoff_signature: true,
      pickup_verification: { signature_requirement: { enabled: false } },
    });
    const d6 = await create(a, 6, {
      external_id: uniq('order'),
      pickup_verification: {
        barcodes: [
          { value: 'P-6', type: 'CODE39_FULL_ASCII' },
          { value: 'P-7', type: 'QR' },
        ],
      },
    });
    const d7 = await create(a, 7, {
      tip: 200,
      return_verification: { picture: true },
      requires_dropoff_signature: true,
      dropoff_verification: { pincode: { enabled: true } },
    });
    const d8 = await create(a, 8, {
      dropoff_verification: {
        barcodes: [
          { value: 'C-9', type: 'CODE128' },
          { value: 'C-10', type: 'QR' },
        ],
        signature_requirement: { enabled: false, collect_signer_name: true, collect_signer_relationship: true },
        pincode: { enabled: false },
      },
    });
    const d9 = await create(a, 9, {
      return_verification: { signature_requirement: { enabled: true, collect_signer_name: true, collect_signer_relationship: true } },
    });
    const robo = { test_specifications: { robo_courier_specification: { mode: 'auto' } } };
    const r1 = await create(b, 11, {
      ...robo,
      dropoff_verification: { picture: true, signature_requirement: { enabled: true, collect_signer_name: true }, pincode: { enabled: true } },
      pickup_verification: { signature: true, picture: true },
    });
    const r2 = await create(b, 12, {
      ...robo,
      pickup_verification: { picture: true, signature_requirement: { enabled: true } },
      dropoff_verification: { identification: { min_age: 18 }, pincode: { enabled: true }, signature: true },
    });
    const b3 = await create(b, 13, {});
    const b4 = await create(b, 14, {});

    // Updates while the delivery is pending, under way and delivered.
    seen.record('UpdateDelivery', await a.client.updateDelivery(d1.id, { dropoff_notes: 'Ring three times', manifest_reference: 'REF-1b' } as never));
    seen.record('UpdateDelivery', await a.client.updateDelivery(d4.id, { tip_by_customer: 150, pickup_notes: 'Ask for Sam' } as never));
    seen.record('UpdateDelivery', await a.client.updateDelivery(d3.id, { dropoff_notes: 'Call on arrival' } as never));
    seen.record('UpdateDelivery', await b.client.updateDelivery(b4.id, { requires_dropoff_signature: true } as never));
    seen.record('UpdateDelivery', await a.client.updateDelivery(d8.id, { dropoff_notes: 'Side entrance' } as never));
    seen.record('UpdateDelivery', await a.client.updateDelivery(d9.id, { dropoff_notes: 'Gate code 1234' } as never));

    const alex = await worker(a, 'Alex Irving', { vehicle_type: 'bicycle', phone_number: '+14155550000', img_href: 'https://img.example/alex.png' });
    const maria = await worker(a, 'Maria Lopez', { vehicle_type: 'van', phone_number: '+14155550001' });
    let route = '';
    for (const d of [d1, d3, d8]) route = await assign(a, d.id, alex);
    for (const d of [d2, d4, d7, d9]) await assign(a, d.id, maria);
    // Alex's run is tracked: ETAs, location and courier_imminent come from the tracking engine.
    await native(a, 'POST', '/orders/track', { track_mode: 'on_shift', route_handle: route });
    const p1 = places(1);
    await fix(a, alex, { lat: p1.pickup_latitude - 0.003, lng: p1.pickup_longitude });
    await fix(a, maria, { lat: PICKUP.lat + 0.004, lng: PICKUP.lng + 0.002 });
    for (const d of [d1, d2, d3, d4, d6, d7, d8, d9]) await get(a, d.id);
    await fix(a, alex, { lat: p1.pickup_latitude - 0.0002, lng: p1.pickup_longitude });
    expect((await get(a, d1.id)).courier_imminent).toBe(true);
    seen.record('UpdateDelivery', await a.client.updateDelivery(d1.id, { dropoff_seller_notes: 'Keep upright' } as never));
    seen.record('ListDeliveries', await a.client.listDeliveries({ filter: 'ongoing' } as never));

    // Cancels: pending ones in both modes, and two with a courier on the way.
    seen.record('CancelDelivery', await a.client.cancelDelivery(d6.id));
    seen.record('CancelDelivery', await a.client.cancelDelivery(d7.id));
    seen.record('CancelDelivery', await a.client.cancelDelivery(d8.id));
    seen.record('CancelDelivery', await b.client.cancelDelivery(b3.id));

    // Pickups, then d1 delivered and the others undeliverable.
    for (const d of [d1, d2, d3, d4, d9]) await native(a, 'POST', `/orders/${d.id}/complete?type=pick`);
    await fix(a, alex, { lat: p1.dropoff_latitude - 0.003, lng: p1.dropoff_longitude });
    await get(a, d1.id);
    await fix(a, alex, { lat: p1.dropoff_latitude - 0.0002, lng: p1.dropoff_longitude });
    expect(await get(a, d1.id)).toMatchObject({ status: 'dropoff', courier_imminent: true });
    await native(a, 'POST', `/orders/${d1.id}/complete?type=drop`);
    await native(a, 'POST', `/orders/${d2.id}/cancel?type=drop`, { metadata: { undeliverable_reason: 'NO_SECURE_LOCATION_TO_DROPOFF' } });
    await native(a, 'POST', `/orders/${d3.id}/cancel?type=drop`, { metadata: { undeliverable_reason: 'CUSTOMER_UNAVAILABLE' } });
    await native(a, 'POST', `/orders/${d4.id}/cancel?type=drop`, { metadata: { undeliverable_reason: 'CUSTOMER_REFUSED' } });
    await native(a, 'POST', `/orders/${d9.id}/cancel?type=drop`, { metadata: { undeliverable_reason: 'ADDRESS_INCORRECT' } });
    const ret3 = await get(a, (await get(a, d3.id)).related_deliveries[0]!.id);
    const ret9 = await get(a, (await get(a, d9.id)).related_deliveries[0]!.id);
    seen.record('UpdateDelivery', await a.client.updateDelivery(ret3.id, { dropoff_notes: 'Back office' } as never));
    await native(a, 'POST', `/orders/${ret3.id}/complete?type=drop`);
    seen.record('UpdateDelivery', await a.client.updateDelivery(d2.id, { tip_by_customer: 120 } as never));
    seen.record('UpdateDelivery', await a.client.updateDelivery(ret9.id, { dropoff_notes: 'Leave with the manager' } as never));
    for (const d of [d1, d2, d3, d4, d9, ret3, ret9]) await get(a, d.id);

    // The robos drive r1 and r2 (test mode, euros) to delivered with every proof asked for.
    for (const r of [r1, r2]) {
      let now = r;
      for (let i = 0; i < 600 && !now.complete; i++) {
        now = await get(b, r.id);
        await new Promise((res) => setTimeout(res, 10));
      }
      expect(now.status).toBe('delivered');
    }
    // A tip after delivery: the answer carries the collected proofs.
    seen.record('UpdateDelivery', await b.client.updateDelivery(r1.id, { tip_by_customer: 50 } as never));
    seen.record('UpdateDelivery', await b.client.updateDelivery(r2.id, { tip_by_customer: 75 } as never));
    for (const [d, waypoint, type] of [
      [r1, 'dropoff', 'picture'],
      [r1, 'dropoff', 'signature'],
      [r1, 'dropoff', 'pincode'],
      [r1, 'pickup', 'signature'],
      [r2, 'dropoff', 'picture'],
      [r2, 'pickup', 'picture'],
    ] as const) {
      seen.record('ProofOfDelivery', await b.client.proofOfDelivery(d.id, { waypoint, type } as never));
    }

    // Lists: a page with a next page, a filtered last page, the other account's.
    seen.record('ListDeliveries', await a.client.listDeliveries({ limit: 4 } as never));
    seen.record('ListDeliveries', await a.client.listDeliveries({ limit: 4, offset: 4 } as never));
    seen.record('ListDeliveries', await a.client.listDeliveries({ filter: 'returned' } as never));
    seen.record('ListDeliveries', await b.client.listDeliveries({} as never));

    // Organizations of both accounts.
    for (const [c, name, billing, merchant] of [
      [a, 'Downtown Store', 'BILLING_TYPE_CENTRALIZED', 'MERCHANT_TYPE_GROCERY'],
      [b, 'Airport Kiosk', 'BILLING_TYPE_DECENTRALIZED', 'MERCHANT_TYPE_FLOWER'],
    ] as const) {
      const orgs = new OrganizationsClient(c.token);
      orgs.baseURL = `${url}/v1/direct`;
      const org = (await orgs.createOrganization({
        info: {
          name,
          billing_type: billing,
          merchant_type: merchant,
          contract_type: billing === 'BILLING_TYPE_CENTRALIZED' ? 'CONTRACT_TYPE_PARENT' : 'CONTRACT_TYPE_CUSTOM',
          point_of_contact: {
            email: `${name.split(' ')[0]!.toLowerCase()}@shop.example`,
            phone_details: {
              phone_number: c === a ? '15555555555' : '4930123456',
              country_code: c === a ? '1' : '49',
              subscriber_number: c === a ? '5555555555' : '30123456',
            },
          },
          address: {
            street1: c === a ? '2000 Tustin Ave' : 'Flughafen 1',
            street2: c === a ? '' : 'Terminal 2',
            city: c === a ? 'Irvine' : 'Berlin',
            state: c === a ? 'CA' : 'BE',
            zipcode: c === a ? '92602' : '12529',
            country_iso2: c === a ? 'US' : 'DE',
          },
        },
        hierarchy_info: { parent_organization_id: c.customerId },
        options: { onboarding_invite_type: 'ONBOARDING_INVITE_TYPE_INVALID' },
      } as never)) as { organization_id: string };
      seen.record('CreateOrg', org);
      seen.record('GetOrg', await orgs.getOrganization(org.organization_id));
      seen.record(
        'InviteToOrg',
        await orgs.inviteMember(c === a ? org.organization_id : c.customerId, {
          user_details: {
            email: `${name[0]}@shop.example`,
            first_name: c === a ? 'John' : 'Lena',
            last_name: c === a ? 'Smith' : 'Vogel',
            phone_details: {
              phone_number: c === a ? '15555550123' : '4917612345',
              country_code: c === a ? '1' : '49',
              subscriber_number: c === a ? '5555550123' : '17612345',
            },
          },
          roles: c === a ? ['ROLE_ADMIN'] : ['ROLE_EMPLOYEE', 'ROLE_ADMIN'],
        } as never),
      );
    }

    expect(seen.problems(ALLOWED, OPERATIONS)).toEqual([]);
  });
});
