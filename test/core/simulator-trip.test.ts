import { describe, expect, it } from 'vitest';
import { haversine } from '../../src/core/geo.ts';
import { seededRng } from '../../src/simulator/prng.ts';
import { DEFAULT_TRIP, generateTrip, type TripOptions } from '../../src/simulator/trip.ts';

const OPTS: TripOptions = { ...DEFAULT_TRIP, start: [-121.8863, 37.3382], noiseMetres: 8, rateSeconds: 2 };
const trip = (seed: number, opts = OPTS) => generateTrip(seededRng(seed), opts);
const pathLength = (ps: [number, number][]) => ps.slice(1).reduce((s, p, i) => s + haversine(ps[i]!, p), 0);

describe('simulated trip generator', () => {
  it('replays the same trip for the same seed, and a different one for another seed', () => {
    expect(trip(42)).toEqual(trip(42));
    expect(trip(43).fixes[0]!.position).not.toEqual(trip(42).fixes[0]!.position);
  });

  it('drives connected legs within the configured counts and lengths, turning at each intersection', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const t = trip(seed);
      expect(t.legs.length).toBeGreaterThanOrEqual(OPTS.legs.min);
      expect(t.legs.length).toBeLessThanOrEqual(OPTS.legs.max);
      t.legs.forEach((leg, i) => {
        // Lengths are great-circle metres of the local projection: within 0.5 % of the drawn length.
        expect(leg.metres).toBeGreaterThan(OPTS.legMetres.min * 0.995);
        expect(leg.metres).toBeLessThan(OPTS.legMetres.max * 1.005);
        if (i > 0) {
          expect(leg.from).toEqual(t.legs[i - 1]!.to);
          const turn = Math.abs(((leg.heading - t.legs[i - 1]!.heading + 540) % 360) - 180);
          expect(turn).toBeGreaterThanOrEqual(70);
          expect(turn).toBeLessThanOrEqual(110);
        }
      });
      expect(t.legs[0]!.from).toEqual(OPTS.start);
      expect(t.destination).toEqual(t.legs.at(-1)!.to);
    }
  });

  it('the true path of the fixes has the length of the sum of the legs and ends at the destination', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const t = trip(seed);
      const sum = t.legs.reduce((s, l) => s + l.metres, 0);
      expect(t.metres).toBeCloseTo(sum, 6);
      expect(Math.abs(pathLength(t.fixes.map((f) => f.truePosition)) - sum)).toBeLessThan(sum * 0.001);
      expect(t.fixes.at(-1)!.truePosition).toEqual(t.destination);
      expect(t.fixes.at(-1)!.t).toBe(t.seconds);
    }
  });

  it('speeds stay within 0 and each leg cruise speed, with a full stop at every intersection', () => {
    const opts = { ...OPTS, rateSeconds: 1 };
    for (let seed = 1; seed <= 10; seed++) {
      const t = trip(seed, opts);
      const top = Math.max(...t.legs.map((l) => l.cruiseMps));
      for (const f of t.fixes) {
        expect(f.speedMps).toBeGreaterThanOrEqual(0);
        expect(f.speedMps).toBeLessThanOrEqual(top);
      }
      expect(top).toBeLessThanOrEqual(OPTS.cruiseMps.max);
      // Standing at intersections: at least one zero-speed fix per stop (rate 1 s, stops ≥ 5 s).
      const stopped = t.fixes.filter((f) => f.speedMps === 0 && f.t > 0 && f.t < t.seconds).length;
      expect(stopped).toBeGreaterThanOrEqual((t.legs.length - 1) * 4);
      // Consecutive fixes never imply more than the top speed (no teleports for the server to drop).
      t.fixes.slice(1).forEach((f, i) => {
        const prev = t.fixes[i]!;
        expect(haversine(prev.truePosition, f.truePosition)).toBeLessThanOrEqual(top * (f.t - prev.t) * 1.0001);
      });
    }
  });

  it('keeps GPS noise within the bound, and none when the bound is 0', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const noisy = trip(seed);
      const errors = noisy.fixes.map((f) => haversine(f.position, f.truePosition));
      expect(Math.max(...errors)).toBeLessThanOrEqual(OPTS.noiseMetres + 0.05);
      expect(Math.max(...errors)).toBeGreaterThan(0);
      const clean = trip(seed, { ...OPTS, noiseMetres: 0 });
      for (const f of clean.fixes) expect(f.position).toEqual(f.truePosition);
    }
  });

  it('drains the battery by the configured rate per minute', () => {
    const t = trip(7, { ...OPTS, batteryDrainPerMinute: 1 });
    const first = t.fixes[0]!;
    const last = t.fixes.at(-1)!;
    expect(first.battery).toBeGreaterThanOrEqual(60);
    expect(first.battery - last.battery).toBeGreaterThanOrEqual(Math.floor(t.seconds / 60) - 1);
    expect(first.battery - last.battery).toBeLessThanOrEqual(Math.ceil(t.seconds / 60) + 1);
    for (const [i, f] of t.fixes.slice(1).entries()) expect(f.battery).toBeLessThanOrEqual(t.fixes[i]!.battery);
  });
});
