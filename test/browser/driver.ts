import { randomBytes } from 'node:crypto';
import { postFix } from '../../src/simulator/post-fix.ts';
import { seededRng } from '../../src/simulator/prng.ts';
import { DEFAULT_TRIP, generateTrip, type LngLat, type SimFix, type Trip } from '../../src/simulator/trip.ts';
import type { WebServer } from '../helpers/web-server.ts';

export interface SimDriver {
  workerHandle: string;
  deviceId: string;
  trip: Trip;
  /** Posts one of the trip's fixes as the phone would (OsmAnd), stamped `t0 + fix.t`. */
  send(fix: SimFix): Promise<void>;
}

/**
 * A driver of the simulator (its seeded trip generator and wire format) on a short trip: two
 * legs, so a test sees a whole trip arrive in a few dozen fixes. Fix times start one second after
 * `startAt` (fixes before an order's creation would not count toward it).
 */
export async function simDriver(server: WebServer, o: { name: string; seed: number; start?: LngLat }): Promise<SimDriver & { setStart(at: number): void }> {
  const workerHandle = `driver-${randomBytes(3).toString('hex')}`;
  const deviceId = randomBytes(12).toString('hex');
  const created = await server.call('POST', '/workers', { worker_handle: workerHandle, name: o.name, device_id: deviceId });
  if (created.status !== 201 && created.status !== 200) throw new Error(`worker: ${created.status} ${JSON.stringify(created.json)}`);
  const trip = generateTrip(seededRng(o.seed), {
    ...DEFAULT_TRIP,
    legs: { min: 2, max: 2 },
    legMetres: { min: 300, max: 450 },
    stopSeconds: { min: 3, max: 5 },
    rateSeconds: 4,
    start: o.start ?? [-121.8863, 37.3382],
  });
  let t0 = Date.now() + 1000;
  return {
    workerHandle,
    deviceId,
    trip,
    setStart: (at) => {
      t0 = at + 1000;
    },
    async send(fix) {
      const status = await postFix('osmand', { url: server.url, authorization: server.account.authorization }, deviceId, fix, new Date(t0 + fix.t * 1000));
      if (status !== 200) throw new Error(`fix refused: ${status}`);
    },
  };
}
