import { describe, expect, it } from 'vitest';
import { type EtaEstimator, estimateArrival, GreatCircleProvider, type LngLat, learnedSpeed, type RoutingProvider } from '../../src/core/tracking/eta.ts';
import type { Fix } from '../../src/core/tracking/fix.ts';

const T0 = new Date('2026-11-23T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

// 0.01° of latitude on the mean-radius sphere: 6 371 008.8 m × π/180 × 0.01.
const HUNDREDTH_DEG_LAT_M = 1111.9508;
const FROM: LngLat = [13.4, 52.5];
const TO: LngLat = [13.4, 52.51];

/** A fix `seconds` after T0, `north` metres north of 52.5°N on 13.4°E. */
const fix = (seconds: number, north: number, over: Partial<Fix> = {}): Fix => ({
  recordedAt: at(seconds),
  lng: 13.4,
  lat: 52.5 + north / 111_195.08,
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery: null,
  activity: null,
  ...over,
});

describe('GreatCircleProvider', () => {
  it('stretches the great-circle distance by the 1.3 detour factor', async () => {
    const r = await new GreatCircleProvider().route(FROM, TO, { speedMps: 10 });
    expect(r.distance).toBeCloseTo(1445.536, 2);
    expect(r.duration).toBeCloseTo(144.554, 2);
    expect(r.polyline).toBeUndefined();
  });

  it('takes another detour factor from its options', async () => {
    const r = await new GreatCircleProvider({ detourFactor: 1 }).route(FROM, TO, { speedMps: 10 });
    expect(r.distance).toBeCloseTo(HUNDREDTH_DEG_LAT_M, 2);
  });

  it('drives at 8 m/s when no speed was learned', async () => {
    const r = await new GreatCircleProvider().route(FROM, TO, { speedMps: null });
    expect(r.duration).toBeCloseTo(180.692, 2);
  });

  it('raises a crawling speed to 2 m/s and caps a racing one at 25 m/s', async () => {
    const p = new GreatCircleProvider();
    expect((await p.route(FROM, TO, { speedMps: 0.5 })).duration).toBeCloseTo(722.768, 2);
    expect((await p.route(FROM, TO, { speedMps: 60 })).duration).toBeCloseTo(57.821, 2);
    expect(p.speedFor({ speedMps: 2 })).toBe(2);
    expect(p.speedFor({ speedMps: 25 })).toBe(25);
  });

  it('takes other speed bounds from its options', () => {
    const p = new GreatCircleProvider({ minSpeedMps: 1, maxSpeedMps: 15, defaultSpeedMps: 5 });
    expect(p.speedFor({ speedMps: 0.5 })).toBe(1);
    expect(p.speedFor({ speedMps: 30 })).toBe(15);
    expect(p.speedFor({ speedMps: null })).toBe(5);
  });

  it('gives zero for a trip that is already over', async () => {
    expect(await new GreatCircleProvider().route(TO, TO, { speedMps: 10 })).toEqual({ distance: 0, duration: 0 });
  });

  it('refuses options that make no sense', () => {
    expect(() => new GreatCircleProvider({ detourFactor: 0.9 })).toThrow('detourFactor must be at least 1');
    expect(() => new GreatCircleProvider({ minSpeedMps: 30 })).toThrow('speed bounds must satisfy 0 < minSpeedMps <= maxSpeedMps');
    expect(() => new GreatCircleProvider({ defaultSpeedMps: 40 })).toThrow('defaultSpeedMps must lie within the speed bounds');
  });

  it('satisfies the RoutingProvider seam an HTTP router would also implement', async () => {
    const provider: RoutingProvider = new GreatCircleProvider();
    const r = await provider.route(FROM, TO, { speedMps: 12.5 });
    expect(Math.round(r.duration)).toBe(116);
  });

  it('is also the synchronous EtaEstimator the fix path uses, with the same answer as its route', async () => {
    const provider = new GreatCircleProvider({ detourFactor: 1.4 });
    const estimator: EtaEstimator = provider;
    const sync = estimator.estimate(FROM, TO, { speedMps: 9 });
    expect(sync).not.toBeInstanceOf(Promise);
    expect(sync).toEqual(await provider.route(FROM, TO, { speedMps: 9 }));
  });
});

describe('learnedSpeed', () => {
  it('is the median of the reported speeds', () => {
    const fixes = [9, 10, 12, 11, 10].map((speed, i) => fix(i * 10, i * 100, { speed }));
    expect(learnedSpeed(fixes, at(40))).toBe(10);
  });

  it('derives speed from distance and time when the fixes report none', () => {
    const fixes = [0, 1, 2, 3, 4].map((i) => fix(i * 10, i * 150));
    expect(learnedSpeed(fixes, at(40))).toBeCloseTo(15, 6);
  });

  it('is null for a parked phone whose position jitters within its accuracy', () => {
    const jitter = [0, 4, -3, 6, 1, -5, 2, 7, -2, 3];
    const fixes = jitter.map((m, i) => fix(i * 5, m, { accuracy: 8 }));
    expect(learnedSpeed(fixes, at(45))).toBeNull();
  });

  it('is null for a phone that reports standing still', () => {
    const fixes = [0, 0, 0.3, 0, 0.5, 0].map((speed, i) => fix(i * 10, 0, { speed }));
    expect(learnedSpeed(fixes, at(50))).toBeNull();
  });

  it('learns the driving speed, not the average with the stops', () => {
    const driving = [10, 10, 10, 10].map((speed, i) => fix(i * 10, i * 100, { speed }));
    const parked = [0, 0, 0, 0, 0, 0, 0, 0].map((speed, i) => fix(40 + i * 10, 400, { speed }));
    expect(learnedSpeed([...driving, ...parked], at(110))).toBe(10);
  });

  it('shrugs off one wild fix', () => {
    // One fix 900 m ahead of the track: derived samples of 100 and 80 m/s among four at 10 m/s.
    const fixes = [fix(0, 0), fix(10, 100), fix(20, 200), fix(30, 1200), fix(40, 400), fix(50, 500), fix(60, 600)];
    expect(learnedSpeed(fixes, at(60))).toBeCloseTo(10, 6);
  });

  it('prefers a reported speed over the derived one', () => {
    const fixes = [0, 1, 2, 3].map((i) => fix(i * 10, i * 150, { speed: 6 }));
    expect(learnedSpeed(fixes, at(30))).toBe(6);
  });

  it('forgets fixes older than ten minutes', () => {
    const old = [0, 1, 2, 3].map((i) => fix(i * 10, i * 200, { speed: 20 }));
    const recent = [700, 710].map((s, i) => fix(s, 1000 + i * 50, { speed: 5 }));
    expect(learnedSpeed([...old, ...recent], at(710))).toBeNull();
    expect(learnedSpeed([...old, ...recent], at(600))).toBe(20);
  });

  it('needs three moving samples', () => {
    const two = [fix(0, 0, { speed: 10 }), fix(10, 100, { speed: 10 })];
    expect(learnedSpeed(two, at(10))).toBeNull();
    expect(learnedSpeed([...two, fix(20, 200, { speed: 10 })], at(20))).toBe(10);
  });

  it('accepts fixes in any order', () => {
    const fixes = [fix(20, 300), fix(0, 0), fix(30, 450), fix(10, 150)];
    expect(learnedSpeed(fixes, at(30))).toBeCloseTo(15, 6);
  });
});

describe('estimateArrival', () => {
  it('arrives after the route duration, in whole metres and seconds', () => {
    expect(estimateArrival({ distance: 1445.536, duration: 180.692 }, T0)).toEqual({
      arriveAt: new Date('2026-11-23T12:03:01.000Z'),
      distance: 1446,
      duration: 181,
    });
  });

  it('is now for a zero route', () => {
    expect(estimateArrival({ distance: 0, duration: 0 }, T0)).toEqual({ arriveAt: T0, distance: 0, duration: 0 });
  });
});
