import { describe, expect, it } from 'vitest';
import { sweepRisks } from '../../../src/services/tracking/sweep-risks.ts';
import { apiSuite } from '../../helpers/api-suite.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import type { Json } from '../../helpers/json-call.ts';
import { B, between, HOME, homeRouteSteps, type LngLat, M_PER_DEG_LNG, stop, T0 } from './home-route.ts';

/** Where the route HOME → A → B turns north: only the planned path calls it on route. */
const A: LngLat = [-121.9, 37.33];
/** 1 km west of the A→B leg, and closer to B than the fix before it (so nothing else turns). */
const OFF_ROUTE: LngLat = [-121.9 - 1000 / M_PER_DEG_LNG, 37.36];

describe.each(STORE_KINDS)('deviating_from_expected_route against the planned route on %s', (kind) => {
  const clock = new TestClock(T0);
  const suite = apiSuite(kind, { clock });
  const { call } = suite;
  const { workerAtHome, drive } = homeRouteSteps(call, clock);

  /** A route HOME → A → B for a worker with a home, then tracked; `sequence` reorders it before it starts. */
  async function plannedRoute(sequence?: 'b-first') {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await workerAtHome();
    const [a, b] = [uniq('a'), uniq('b')];
    const created = await call('POST', '/orders', { plan_mode: 'manual', worker_handle: workerHandle, orders: [stop(a, A), stop(b, B)] }, 201);
    const routeHandle = created.route_handle as string;
    if (sequence === 'b-first') await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: b }, { order_handle: a }] });
    await call('POST', '/orders/track', { route_handle: routeHandle, track_mode: 'on_time' }, 201);
    return { a, b, deviceId, routeHandle };
  }

  const risksOf = async (orderHandle: string) => (await call('GET', `/orders/${orderHandle}`)).risks as Json;

  it('the turns of the planned route do not flag; leaving it by more than the threshold does, and the sweep keeps it', async () => {
    const { b, deviceId } = await plannedRoute();
    await drive(deviceId, [HOME, between(HOME, A), A, between(A, B)]);
    expect(await risksOf(b)).toEqual(Object.fromEntries(Object.keys(await risksOf(b)).map((k) => [k, 'green'])));
    await drive(deviceId, [OFF_ROUTE], 20);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('yellow');
    // The sweep reads the order's planned path as a fix batch does.
    clock.set(new Date(T0.getTime() + 21 * 60_000).toISOString());
    await sweepRisks(suite.t.deps);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('yellow');
    await drive(deviceId, [between(A, B)], 25);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('green');
  });

  it("the account's threshold decides how far off is too far", async () => {
    await call('PATCH', '/settings/risk-thresholds', { risk_thresholds: { deviating_from_expected_route: { yellow: 1500, red: 3000 } } });
    try {
      const { b, deviceId } = await plannedRoute();
      await drive(deviceId, [HOME, between(HOME, A), A, between(A, B), OFF_ROUTE]);
      expect((await risksOf(b)).deviating_from_expected_route).toBe('green');
    } finally {
      await call('PATCH', '/settings/risk-thresholds', { risk_thresholds: { deviating_from_expected_route: null } });
    }
  });

  it('a resequenced route plans the new way: B first makes the turn at A a deviation for B', async () => {
    const { b, deviceId } = await plannedRoute('b-first');
    await drive(deviceId, [HOME, between(HOME, A), A]);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('red');
  });

  it("without a home, the route sets off from where the worker's device last was", async () => {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await createWorker(suite.t.api);
    await drive(deviceId, [HOME]);
    const [a, b] = [uniq('a'), uniq('b')];
    const created = await call('POST', '/orders', { plan_mode: 'manual', worker_handle: workerHandle, orders: [stop(a, A), stop(b, B)] }, 201);
    await call('POST', '/orders/track', { route_handle: created.route_handle, track_mode: 'on_time' }, 201);
    await drive(deviceId, [between(HOME, A), A, between(A, B)], 5);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('green');
    await drive(deviceId, [OFF_ROUTE], 20);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('yellow');
  });

  it('without a planned path (no home, no position when the route was made) the risk stays green however far off', async () => {
    clock.set(T0.toISOString());
    const { workerHandle, deviceId } = await createWorker(suite.t.api);
    const b = uniq('b');
    await call('POST', '/orders/track', { worker_handle: workerHandle, track_mode: 'on_time', orders: [stop(b, B)] }, 201);
    await drive(deviceId, [HOME, between(HOME, A), A, OFF_ROUTE]);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('green');
  });

  it('an order removed from its route has no planned path any more', async () => {
    const { a, b, routeHandle, deviceId } = await (async () => {
      clock.set(T0.toISOString());
      const w = await workerAtHome();
      const [a, b] = [uniq('a'), uniq('b')];
      const created = await call('POST', '/orders', { plan_mode: 'manual', worker_handle: w.workerHandle, orders: [stop(a, A), stop(b, B)] }, 201);
      return { a, b, routeHandle: created.route_handle as string, deviceId: w.deviceId };
    })();
    await call('POST', `/orders/routes/${routeHandle}/remove`, { orders: [{ order_handle: a }] });
    const stored = await suite.t.deps.store.repos.orders.find(suite.t.api.accountId, { orderHandle: a });
    expect(stored?.routeHandle).toBeNull();
    // B's path no longer passes A: HOME → B directly, so the turn at A is off it.
    await call('POST', '/orders/track', { route_handle: routeHandle, track_mode: 'on_time' }, 201);
    await drive(deviceId, [HOME, between(HOME, A), A]);
    expect((await risksOf(b)).deviating_from_expected_route).toBe('red');
  });
});
