import { describe, expect, it } from 'vitest';
import { haversine, point } from '../../src/core/geo.ts';
import { createOrder, type NewOrder } from '../../src/core/order/lifecycle.ts';
import { newOrderDraft } from '../helpers/new-order.ts';
import type { Order, OrderStatus } from '../../src/core/order/types.ts';
import { checkSolution } from '../../src/core/planning/check-solution.ts';
import { reoptimiseRoute } from '../../src/core/planning/incremental.ts';
import { DEFAULT_MATRIX_OPTIONS } from '../../src/core/planning/travel-matrix.ts';
import { greatCircleMatrix } from '../../src/core/tracking/eta.ts';
import { insertStops, optimiseStops, routeInstance } from '../../src/core/route-planning.ts';
import { estimateRoute, plannedTotals, sequenceStops, splitStops } from '../../src/core/route-stops.ts';

const NOW = new Date('2030-01-01T08:00:00.000Z');
let n = 0;

function stop(lng: number, lat: number, over: Partial<NewOrder> & { status?: OrderStatus } = {}): Order {
  const { status, ...rest } = over;
  const input = newOrderDraft(`o-${++n}`, { destination: { geometry: point(lng, lat) }, metadata: {}, ...rest });
  const o = createOrder(input, { id: `id-${n}`, accountId: 'acct', shareCode: `s${n}`, fulfillmentAttempt: 0 }, NOW).order;
  return { ...o, status: status ?? 'assigned' };
}

/** A deterministic cloud of points around San Jose. */
function cloud(count: number, seed: number): [number, number][] {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  return Array.from({ length: count }, () => [-121.95 + next() * 0.2, 37.25 + next() * 0.15]);
}

describe('route estimate from the stop sequence', () => {
  it('sums the legs of the sequence in order, waits for windows and derives start_by from the deadlines', () => {
    const a = stop(-121.9, 37.33, { expectedServiceTime: 120 });
    const b = stop(-121.8, 37.33, { scheduledAfter: new Date('2030-01-01T09:00:00.000Z'), expectedServiceTime: 60 });
    const c = stop(-121.85, 37.33, { scheduledAt: new Date('2030-01-01T10:00:00.000Z') });
    const leg = (p: Order, q: Order) =>
      haversine(p.destination.geometry.coordinates as [number, number], q.destination.geometry.coordinates as [number, number]) *
      DEFAULT_MATRIX_OPTIONS.detourFactor;
    const e = estimateRoute([a, b, c], NOW)!;
    expect(e.distance).toBe(Math.round(leg(a, b) + leg(b, c)));
    const t = (d: number) => d / DEFAULT_MATRIX_OPTIONS.speedMps;
    const arriveB = NOW.getTime() / 1000 + 120 + t(leg(a, b));
    expect(e.stops.map((s) => s.orderId)).toEqual([a.id, b.id, c.id]);
    expect(e.stops[0]!.arriveAt).toEqual(NOW);
    expect(e.stops[1]!.arriveAt.getTime()).toBe(Math.round(arriveB * 1000));
    // B waits until 09:00, then 60 s of service and the leg to C.
    const arriveC = Date.parse('2030-01-01T09:00:00.000Z') / 1000 + 60 + t(leg(b, c));
    expect(e.stops[2]!.arriveAt.getTime()).toBe(Math.round(arriveC * 1000));
    expect(e.duration).toBe(Math.round(arriveC - NOW.getTime() / 1000));
    // Leaving later first eats B's wait, then C's slack before 10:00.
    const slack = Date.parse('2030-01-01T10:00:00.000Z') / 1000 - arriveC + (Date.parse('2030-01-01T09:00:00.000Z') / 1000 - arriveB);
    expect(e.startBy.getTime()).toBe(Math.round((NOW.getTime() / 1000 + slack) * 1000));
    expect(e.polyline).toEqual([a, b, c].map((o) => o.destination.geometry.coordinates));

    // Another sequence of the same stops gives other figures: they come from the order, not the set.
    const other = estimateRoute([a, c, b], NOW)!;
    expect(other.distance).toBe(Math.round(leg(a, c) + leg(c, b)));
    expect(other.distance).not.toBe(e.distance);
    expect(plannedTotals([a, b, c]).distance).toBe(e.distance);
    expect(plannedTotals([a, b, c]).duration).toBe(Math.round(120 + 60 + t(leg(a, b)) + t(leg(b, c))));
  });

  it('orders stops by the stored sequence, unlisted ones after, and skips ids no longer on the route', () => {
    const [a, b, c] = [stop(0, 0), stop(0, 1), stop(0, 2)];
    expect(sequenceStops([a, b, c], [c.id, 'gone', a.id]).map((o) => o.id)).toEqual([c.id, a.id, b.id]);
  });

  it('every optimised sequence passes the checker, keeps the started stops first and never drives further', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const pts = cloud(12, seed);
      const done = stop(...pts[0]!, { status: 'completed' });
      const going = stop(...pts[1]!, { status: 'ongoing' });
      const open = pts.slice(2).map((p, i) =>
        stop(...p, {
          expectedServiceTime: 60,
          // Some stops with windows wide enough for any order of the rest.
          ...(i % 3 === 0 ? { scheduledAt: new Date('2030-01-01T14:00:00.000Z') } : {}),
        }),
      );
      const parts = splitStops([done, going, ...open]);
      const before = estimateRoute([going, ...open], NOW, { start: pts[0] })!;
      const { open: next, feasible } = optimiseStops(parts, NOW, seed);
      expect(feasible).toBe(true);
      expect(new Set(next.map((o) => o.id))).toEqual(new Set(open.map((o) => o.id)));
      const after = estimateRoute([going, ...next], NOW, { start: pts[0] })!;
      expect(after.duration).toBeLessThanOrEqual(before.duration + 1);

      const ri = routeInstance('route', parts, [], NOW);
      const plan = reoptimiseRoute(ri.instance, ri.plan, ri.vehicle, { seed, maxIterations: 500 });
      const report = checkSolution(ri.instance, plan);
      expect(report.violations).toEqual([]);
      expect(plan.routes[0]!.stops[0]).toMatchObject({ kind: 'job', id: going.id });
    }
  });

  it('a pick and its drop are optimised as one shipment: the pick always comes first', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const pts = cloud(8, seed + 100);
      const pick = stop(...pts[0]!, { orderHandle: 'pd', type: 'pick' });
      const drop = stop(...pts[1]!, { orderHandle: 'pd', type: 'drop' });
      const others = pts.slice(2).map((p) => stop(...p));
      const { open, feasible } = optimiseStops(splitStops([drop, ...others, pick]), NOW, seed);
      expect(feasible).toBe(true);
      expect(open.findIndex((o) => o.id === pick.id)).toBeLessThan(open.findIndex((o) => o.id === drop.id));
    }
  });

  it('inserting stops places each at its cheapest feasible place and the result passes the checker', () => {
    const a = stop(-121.9, 37.33);
    const b = stop(-121.8, 37.33);
    const s = stop(-121.7, 37.33, { status: 'ongoing' });
    const c = stop(-121.85, 37.33);
    const parts = splitStops([s, b, a]);
    const r = insertStops(parts, [c], NOW);
    expect(r.feasible).toBe(true);
    expect(r.open.map((o) => o.id)).toEqual([b.id, c.id, a.id]);
  });

  it('the offline matrix is symmetric haversine × detour at the default speed', () => {
    const m = greatCircleMatrix(
      [
        [-121.9, 37.33],
        [-121.8, 37.33],
      ],
      DEFAULT_MATRIX_OPTIONS,
    );
    const d = haversine([-121.9, 37.33], [-121.8, 37.33]) * DEFAULT_MATRIX_OPTIONS.detourFactor;
    expect(m.distances[1]).toBeCloseTo(d, 6);
    expect(m.distances[2]).toBeCloseTo(d, 6);
    expect(m.durations[1]).toBeCloseTo(d / DEFAULT_MATRIX_OPTIONS.speedMps, 6);
    expect(m.distances[0]).toBe(0);
  });
});
