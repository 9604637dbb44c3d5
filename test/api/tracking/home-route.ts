import type { TestClock } from '../../helpers/clock.ts';
import { uniq } from '../../helpers/fixtures.ts';
import type { JsonCall } from '../../helpers/json-call.ts';

export type LngLat = [number, number];

/**
 * Near San José: B lies 4.4 km east then 4.4 km north of a worker's HOME, so an L-shaped road
 * from HOME to B turns 3.1 km away from the straight line between them.
 */
export const T0 = new Date('2030-06-01T10:00:00.000Z');
export const HOME: LngLat = [-121.95, 37.33];
export const B: LngLat = [-121.9, 37.37];
export const M_PER_DEG_LNG = 111_195 * Math.cos((37.35 * Math.PI) / 180);
export const between = (p: LngLat, q: LngLat): LngLat => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];

/** An order item at `p`, due hours later: no delay risk joins in. */
export const stop = (orderHandle: string, p: LngLat) => ({
  order_handle: orderHandle,
  destination: { geometry: { type: 'Point', coordinates: p }, radius: 50 },
  scheduled_at: '2030-06-01T18:00:00.000Z',
});

/** A worker who lives at HOME, and a drive of its device through the API. */
export function homeRouteSteps(call: JsonCall, clock: TestClock) {
  async function workerAtHome() {
    const workerHandle = uniq('worker');
    const deviceId = uniq('device').toUpperCase();
    await call(
      'POST',
      '/workers',
      { worker_handle: workerHandle, device_id: deviceId, home: { address: null, geometry: { type: 'Point', coordinates: HOME } } },
      201,
    );
    return { workerHandle, deviceId };
  }
  /** Fixes every 5 minutes from T0 + `fromMinute`, the clock at the last one. */
  async function drive(deviceId: string, positions: LngLat[], fromMinute = 0) {
    const fixes = positions.map((p, i) => ({
      recorded_at: new Date(T0.getTime() + (fromMinute + 5 * i) * 60_000).toISOString(),
      lng: p[0],
      lat: p[1],
      accuracy: 5,
    }));
    clock.set(fixes.at(-1)!.recorded_at);
    await call('POST', `/devices/${deviceId}/locations`, fixes);
  }
  return { workerAtHome, drive };
}
