import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { haversine } from '../../src/core/geo.ts';
import { GreatCircleProvider, greatCircleMatrix, type LngLat, type RoutingProvider } from '../../src/core/tracking/eta.ts';

const POINTS: LngLat[] = [
  [13.4, 52.5],
  [13.4, 52.51],
  [13.45, 52.52],
];

describe('the routing provider matrix', () => {
  it('is the haversine length × detour factor at the default speed, the same legs route() gives', async () => {
    const provider: RoutingProvider = new GreatCircleProvider();
    const m = await provider.matrix(POINTS);
    expect(m.size).toBe(3);
    // 0.01° of latitude on the mean-radius sphere is 1111.9508 m; × 1.3 detour; at 8 m/s.
    expect(m.distances[0 * 3 + 1]).toBeCloseTo(1445.536, 2);
    expect(m.durations[0 * 3 + 1]).toBeCloseTo(1445.536 / 8, 3);
    for (let a = 0; a < 3; a++) {
      expect(m.distances[a * 3 + a]).toBe(0);
      for (let b = 0; b < 3; b++) {
        expect(m.distances[a * 3 + b]).toBe(m.distances[b * 3 + a]);
        const leg = await provider.route(POINTS[a]!, POINTS[b]!, { speedMps: null });
        expect(m.distances[a * 3 + b]).toBeCloseTo(leg.distance, 9);
        expect(m.durations[a * 3 + b]).toBeCloseTo(leg.duration, 9);
      }
    }
  });

  it('takes the detour factor and speed it is configured with', async () => {
    const m = await new GreatCircleProvider({ detourFactor: 1.5, defaultSpeedMps: 12 }).matrix(POINTS);
    const straight = haversine(POINTS[0]!, POINTS[2]!);
    expect(m.distances[2]).toBeCloseTo(straight * 1.5, 9);
    expect(m.durations[2]).toBeCloseTo((straight * 1.5) / 12, 9);
    expect(greatCircleMatrix([], { detourFactor: 1, speedMps: 1 })).toEqual({ size: 0, distances: new Float64Array(0), durations: new Float64Array(0) });
  });
});

describe('the routing configuration', () => {
  it('reads the detour factor and planning speed from the environment, defaulting to the provider defaults', () => {
    expect(loadConfig({}).routing).toEqual({ detourFactor: 1.3, speedMps: 8 });
    const c = loadConfig({ DROPLINE_ROUTING_DETOUR_FACTOR: '1.5', DROPLINE_ROUTING_SPEED_MPS: '12' });
    expect(c.routing).toEqual({ detourFactor: 1.5, speedMps: 12 });
    expect(() => loadConfig({ DROPLINE_ROUTING_SPEED_MPS: 'fast' })).toThrow(/DROPLINE_ROUTING_SPEED_MPS/);
    // Out of the provider's speed bounds: refused when the provider is built at startup.
    expect(() => new GreatCircleProvider({ defaultSpeedMps: 40 })).toThrow(RangeError);
  });
});
