import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Deps } from '../../../src/services/deps.ts';

/** A fix as the store holds it (tests may read the store; the API under test may not). */
export interface StoredFix {
  recorded_at: string;
  lat: number;
  lng: number;
  altitude: number | null;
  accuracy: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
  activity: string | null;
}

export async function storedFixes(deps: Deps, deviceId: string): Promise<StoredFix[]> {
  const rows = await deps.store.db.selectFrom('device_locations').selectAll().where('device_id', '=', deviceId).orderBy('recorded_at').execute();
  return rows.map((r) => ({
    recorded_at: r.recorded_at.toISOString(),
    lat: r.lat,
    lng: r.lng,
    altitude: r.altitude,
    accuracy: r.accuracy,
    speed: r.speed,
    bearing: r.bearing,
    battery: r.battery,
    activity: r.activity,
  }));
}

/** Every stored fix of every device: "nothing stored" means this did not change. */
export async function fixCount(deps: Deps): Promise<number> {
  const row = await deps.store.db
    .selectFrom('device_locations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the device was last heard from (a heartbeat records this and no fix), or null if never. */
export async function lastSeen(deps: Deps, deviceId: string): Promise<string | null> {
  const row = await deps.store.db.selectFrom('device_state').select('last_seen_at').where('device_id', '=', deviceId).executeTakeFirst();
  return row ? row.last_seen_at.toISOString() : null;
}

/** OsmAnd/Traccar success: 200 with an empty body (reference §1.2). */
export function expectEmptyOk(r: LightMyRequestResponse): void {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).toBe('');
  expect(r.headers['content-length']).toBe('0');
}

/** A short text error with its exact status and body. */
export function expectText(r: LightMyRequestResponse, status: number, body: string): void {
  expect(r.statusCode).toBe(status);
  expect(r.body).toBe(body);
  expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
}

/** OsmAnd speeds are knots. */
export const knotsToMps = (knots: number) => knots / 1.943844;
