import { describe, expect, it } from 'vitest';
import { GreatCircleProvider, type LngLat } from '../../../src/core/tracking/eta.ts';
import { plannedPathOf, stopPaths, straightLegs } from '../../../src/core/tracking/expected-path.ts';

const START: LngLat = [13.4, 52.5];
const S1: LngLat = [13.41, 52.5];
const S2: LngLat = [13.41, 52.51];
const S3: LngLat = [13.42, 52.51];

describe('stopPaths', () => {
  it('gives each stop every leg up to it, the joints once', () => {
    const paths = stopPaths('route-1', ['o1', 'o2', 'o3'], straightLegs([START, S1, S2, S3]));
    expect(paths.get('o1')).toEqual({ routeHandle: 'route-1', path: [START, S1] });
    expect(paths.get('o2')).toEqual({ routeHandle: 'route-1', path: [START, S1, S2] });
    expect(paths.get('o3')).toEqual({ routeHandle: 'route-1', path: [START, S1, S2, S3] });
  });

  it("keeps a road router's vertices between the stops", () => {
    const bend: LngLat = [13.405, 52.503];
    const paths = stopPaths(
      'r',
      ['o1', 'o2'],
      [
        [START, bend, S1],
        [S1, S2],
      ],
    );
    expect(paths.get('o2')?.path).toEqual([START, bend, S1, S2]);
  });

  it('refuses legs that do not match the stops', () => {
    expect(() => stopPaths('r', ['o1', 'o2'], straightLegs([START, S1]))).toThrow(RangeError);
  });
});

describe('plannedPathOf', () => {
  const expectedPath = { routeHandle: 'route-1', path: [START, S1] };

  it("is the path planned on the order's route", () => {
    expect(plannedPathOf({ routeHandle: 'route-1', expectedPath })).toEqual([START, S1]);
  });

  it('is null once the order left that route, and without a path', () => {
    expect(plannedPathOf({ routeHandle: null, expectedPath })).toBeNull();
    expect(plannedPathOf({ routeHandle: 'route-2', expectedPath })).toBeNull();
    expect(plannedPathOf({ routeHandle: 'route-1' })).toBeNull();
    expect(plannedPathOf({ routeHandle: 'route-1', expectedPath: { routeHandle: 'route-1', path: [START] } })).toBeNull();
  });
});

it('the offline provider draws a route as straight legs between its waypoints', async () => {
  expect(await new GreatCircleProvider().path([START, S1, S2])).toEqual([
    [START, S1],
    [S1, S2],
  ]);
  expect(await new GreatCircleProvider().path([START])).toEqual([]);
});
