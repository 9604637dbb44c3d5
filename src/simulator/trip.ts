import { haversine } from '../core/geo.ts';
import { between, type Rng } from './prng.ts';

export type LngLat = [number, number];

export interface TripOptions {
  start: LngLat;
  /** Straight legs between intersections; the trip turns at each one. */
  legs: { min: number; max: number };
  legMetres: { min: number; max: number };
  /** Each leg gets its own cruise speed from this range (m/s). */
  cruiseMps: { min: number; max: number };
  accelMps2: number;
  /** Standing time at each intersection (not at the destination). */
  stopSeconds: { min: number; max: number };
  /** Each reported position is within this distance of the true one. */
  noiseMetres: number;
  /** Seconds of simulated time between fixes. */
  rateSeconds: number;
  batteryStart: { min: number; max: number };
  batteryDrainPerMinute: number;
}

export const DEFAULT_TRIP: Omit<TripOptions, 'start'> = {
  legs: { min: 3, max: 6 },
  legMetres: { min: 250, max: 900 },
  cruiseMps: { min: 8, max: 14 },
  accelMps2: 2,
  stopSeconds: { min: 5, max: 30 },
  noiseMetres: 5,
  rateSeconds: 5,
  batteryStart: { min: 60, max: 100 },
  batteryDrainPerMinute: 0.2,
};

export interface Leg {
  from: LngLat;
  to: LngLat;
  /** Great-circle length of the leg. */
  metres: number;
  /** Degrees clockwise from north. */
  heading: number;
  cruiseMps: number;
  /** Standing time after the leg (0 for the last one). */
  stopSeconds: number;
}

export interface SimFix {
  /** Seconds since the trip started. */
  t: number;
  /** The reported (noisy) position. */
  position: LngLat;
  /** Where the car really is. */
  truePosition: LngLat;
  speedMps: number;
  bearing: number;
  accuracy: number;
  battery: number;
}

export interface Trip {
  legs: Leg[];
  /** Sum of the legs' lengths: what an ideal odometer reads at arrival. */
  metres: number;
  seconds: number;
  destination: LngLat;
  fixes: SimFix[];
}

const M_PER_DEG_LAT = 111_320;

/** Moves `metres` along `heading` on a local flat projection (fine over a few km). */
export function offset(from: LngLat, heading: number, metres: number): LngLat {
  const h = (heading * Math.PI) / 180;
  const north = Math.cos(h) * metres;
  const east = Math.sin(h) * metres;
  return [from[0] + east / (M_PER_DEG_LAT * Math.cos((from[1] * Math.PI) / 180)), from[1] + north / M_PER_DEG_LAT];
}

/** Distance covered `t` seconds into a leg driven 0 → cruise → 0 (a triangle when the leg is short). */
function legProfile(metres: number, cruise: number, accel: number) {
  const peak = Math.min(cruise, Math.sqrt(metres * accel));
  const ta = peak / accel;
  const cruiseMetres = metres - peak * ta;
  const tc = cruiseMetres / peak;
  const seconds = 2 * ta + tc;
  const at = (t: number): { s: number; v: number } => {
    if (t <= 0) return { s: 0, v: 0 };
    if (t < ta) return { s: 0.5 * accel * t * t, v: accel * t };
    if (t < ta + tc) return { s: 0.5 * peak * ta + peak * (t - ta), v: peak };
    if (t < seconds) {
      const r = seconds - t;
      return { s: metres - 0.5 * accel * r * r, v: accel * r };
    }
    return { s: metres, v: 0 };
  };
  return { seconds, at };
}

/**
 * A drive from `start`: straight legs with a left or right turn at each intersection, a stop
 * before every turn, fixes every `rateSeconds` (plus one at arrival) with bounded GPS noise and
 * a draining battery. Pure: the same rng gives the same trip.
 */
export function generateTrip(rng: Rng, opts: TripOptions): Trip {
  const n = Math.floor(between(rng, opts.legs.min, opts.legs.max + 1));
  const legs: Leg[] = [];
  let heading = between(rng, 0, 360);
  let at = opts.start;
  for (let i = 0; i < n; i++) {
    if (i > 0) heading = (heading + (rng() < 0.5 ? 90 : -90) + between(rng, -20, 20) + 360) % 360;
    const to = offset(at, heading, between(rng, opts.legMetres.min, opts.legMetres.max));
    legs.push({
      from: at,
      to,
      metres: haversine(at, to),
      heading,
      cruiseMps: between(rng, opts.cruiseMps.min, opts.cruiseMps.max),
      stopSeconds: i === n - 1 ? 0 : between(rng, opts.stopSeconds.min, opts.stopSeconds.max),
    });
    at = to;
  }
  // Timeline: each leg's drive, then its stop.
  const spans = legs.map((leg) => ({ leg, profile: legProfile(leg.metres, leg.cruiseMps, opts.accelMps2) }));
  const seconds = spans.reduce((s, x) => s + x.profile.seconds + x.leg.stopSeconds, 0);
  const battery0 = between(rng, opts.batteryStart.min, opts.batteryStart.max);

  const stateAt = (t: number) => {
    let begin = 0;
    for (const { leg, profile } of spans) {
      const end = begin + profile.seconds + leg.stopSeconds;
      if (t < end || leg === legs[legs.length - 1]) {
        const { s, v } = profile.at(t - begin);
        const f = leg.metres === 0 ? 0 : s / leg.metres;
        const pos: LngLat = [leg.from[0] + (leg.to[0] - leg.from[0]) * f, leg.from[1] + (leg.to[1] - leg.from[1]) * f];
        return { pos, v, heading: leg.heading };
      }
      begin = end;
    }
    throw new Error('unreachable: a trip has at least one leg');
  };

  const times: number[] = [];
  for (let t = 0; t < seconds; t += opts.rateSeconds) times.push(t);
  times.push(seconds);
  const fixes = times.map((t): SimFix => {
    const { pos, v, heading: h } = stateAt(t);
    // Uniform over the disc of radius noiseMetres: never further than the bound.
    const r = opts.noiseMetres * Math.sqrt(rng());
    const position = r === 0 ? pos : offset(pos, between(rng, 0, 360), r);
    return {
      t,
      position,
      truePosition: pos,
      speedMps: v,
      bearing: Math.round(h),
      accuracy: Math.max(3, Math.ceil(opts.noiseMetres)),
      battery: Math.max(1, Math.round(battery0 - (opts.batteryDrainPerMinute * t) / 60)),
    };
  });
  return { legs, metres: legs.reduce((s, l) => s + l.metres, 0), seconds, destination: legs[legs.length - 1]!.to, fixes };
}
