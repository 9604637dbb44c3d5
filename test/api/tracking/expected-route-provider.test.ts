import { beforeAll, describe, expect, it } from 'vitest';
import { GreatCircleProvider, type LngLat, type RouteHints, type RoutingProvider } from '../../../src/core/tracking/eta.ts';
import { apiSuite } from '../../helpers/api-suite.ts';
import { TestClock } from '../../helpers/clock.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { B, between, HOME, homeRouteSteps, M_PER_DEG_LNG, stop, T0 } from './home-route.ts';

/** The corner of the grid between HOME and B: where a road east, then north, turns. */
const CORNER: LngLat = [-121.9, 37.33];
const C: LngLat = [-121.92, 37.35];

/**
 * A road router on a grid: every leg runs east (or west) first, then north (or south). It answers
 * like an OSRM-like provider would, and notes how many transactions were open at each call.
 */
class GridRoads implements RoutingProvider {
  readonly openAtCalls: number[] = [];
  /** Set: the router is down (every path call fails). */
  failing = false;
  private readonly offline = new GreatCircleProvider();
  constructor(private readonly openTransactions: () => number) {}
  route(from: LngLat, to: LngLat, hints: RouteHints) {
    return this.offline.route(from, to, hints);
  }
  matrix(points: readonly LngLat[]) {
    return this.offline.matrix(points);
  }
  async path(waypoints: readonly LngLat[]): Promise<LngLat[][]> {
    this.openAtCalls.push(this.openTransactions());
    if (this.failing) throw new Error('router unreachable');
    return waypoints.slice(1).map((to, i) => {
      const from = waypoints[i]!;
      return [from, [to[0], from[1]], to];
    });
  }
}

describe.each(STORE_KINDS)("the planned path follows the routing provider's roads on %s", (kind) => {
  let open = 0;
  const roads = new GridRoads(() => open);
  const clock = new TestClock(T0);
  const suite = apiSuite(kind, { clock, routing: roads });
  beforeAll(() => {
    // Counts the transactions in flight, so the provider can tell whether one is open when it is asked.
    const store = suite.t.deps.store;
    const transaction = store.transaction.bind(store);
    store.transaction = async (fn) => {
      open++;
      try {
        return await transaction(fn);
      } finally {
        open--;
      }
    };
  });

  const { call } = suite;
  const { workerAtHome, drive } = homeRouteSteps(call, clock);
  const deviationOf = async (orderHandle: string) => (await call('GET', `/orders/${orderHandle}`)).risks.deviating_from_expected_route;

  it("a one-stop route's path is the provider's road, not the straight line: its turn is on route, a block off it is not", async () => {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await workerAtHome();
    const b = uniq('b');
    await call('POST', '/orders/track', { worker_handle: workerHandle, track_mode: 'on_time', orders: [stop(b, B)] }, 201);
    // The corner is 3.1 km from the straight line HOME→B.
    await drive(deviceId, [HOME, between(HOME, CORNER), CORNER, between(CORNER, B)]);
    expect(await deviationOf(b)).toBe('green');
    await drive(deviceId, [[CORNER[0] - 1000 / M_PER_DEG_LNG, 37.36]], 20);
    expect(await deviationOf(b)).toBe('yellow');
  });

  const refreshes = async (outcome: string) => {
    const metric = await suite.t.deps.metrics.registry.getSingleMetric('dropline_expected_path_refreshes_total')?.get();
    return metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };

  it('a router that fails leaves the straight legs, counted; the change it follows still succeeds', async () => {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await workerAtHome();
    const b = uniq('b');
    const straight = await refreshes('straight');
    roads.failing = true;
    try {
      await call('POST', '/orders/track', { worker_handle: workerHandle, track_mode: 'on_time', orders: [stop(b, B)] }, 201);
    } finally {
      roads.failing = false;
    }
    expect(await refreshes('straight')).toBe(straight + 1);
    // The straight HOME→B leg: the grid's corner is 3.1 km off it.
    await drive(deviceId, [HOME, between(HOME, CORNER), CORNER]);
    expect(await deviationOf(b)).toBe('red');
  });

  it('every route change draws its path after its transaction, never inside one', async () => {
    clock.set(T0.toISOString());
    const first = await workerAtHome();
    const second = await workerAtHome();
    const [a, b, c] = [uniq('a'), uniq('b'), uniq('c')];
    const calls = roads.openAtCalls.length;
    const created = await call('POST', '/orders', { plan_mode: 'manual', worker_handle: first.workerHandle, orders: [stop(a, CORNER), stop(b, B)] }, 201);
    const routeHandle = created.route_handle as string;
    await call('POST', '/orders', { plan_mode: 'manual', orders: [stop(c, C)] }, 201);
    await call('POST', `/orders/routes/${routeHandle}/add`, { orders: [{ order_handle: c }], resequence: false });
    await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: c }, { order_handle: b }, { order_handle: a }] });
    await call('POST', `/orders/routes/${routeHandle}/optimise`, {});
    await call('POST', `/orders/routes/${routeHandle}/remove`, { orders: [{ order_handle: c }] });
    await call('POST', `/orders/routes/${routeHandle}/reassign`, { worker_handle: second.workerHandle });
    await call('POST', `/orders/${a}/reassign`, { worker_handle: first.workerHandle });
    await call('POST', '/orders/track', { route_handle: routeHandle, track_mode: 'on_time' }, 201);
    const made = roads.openAtCalls.slice(calls);
    // Create, add, resequence, optimise, remove, route reassign, order reassign (both routes), track.
    expect(made.length).toBeGreaterThanOrEqual(9);
    expect(made.every((n) => n === 0)).toBe(true);
  });
});
