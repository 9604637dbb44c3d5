import { describe, expect, it } from 'vitest';
import { readSolomon } from '../../../bench/planning/instances.ts';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { insertIntoPlan, reoptimiseRoute } from '../../../src/core/planning/incremental.ts';
import type { PlanSequences } from '../../../src/core/planning/model.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { planeInstance } from '../../helpers/planning.ts';

describe('insertIntoPlan', () => {
  const instance = planeInstance({
    points: [
      [0, 0],
      [10, 0],
      [20, 0],
      [30, 0],
      [15, 1],
    ],
    // An open route (no end): appending at the tail is not free.
    vehicles: [{ id: 'v', start: 0, shift: [0, 500], capacity: [10] }],
    jobs: [
      { id: 'a', location: 1 },
      { id: 'b', location: 2 },
      { id: 'c', location: 3 },
      { id: 'new', location: 4 },
    ],
  });

  it('puts the new job at its cheapest position', () => {
    const plan = {
      routes: [{ vehicle: 'v', stops: ['a', 'b', 'c'].map((id) => ({ kind: 'job' as const, id })) }],
      unassigned: [{ kind: 'job' as const, id: 'new' }],
    };
    const result = insertIntoPlan(instance, plan, { kind: 'job', id: 'new' });
    expect(result.inserted).toBe(true);
    expect(result.plan.routes[0]!.stops.map((s) => s.id)).toEqual(['a', 'new', 'b', 'c']);
    expect(result.plan.unassigned).toEqual([]);
    expect(checkSolution(instance, result.plan).violations).toEqual([]);
  });

  it('never goes before the started prefix', () => {
    const plan = {
      routes: [{ vehicle: 'v', stops: ['a', 'b', 'c'].map((id) => ({ kind: 'job' as const, id })), started: 2 }],
      unassigned: [{ kind: 'job' as const, id: 'new' }],
    };
    const result = insertIntoPlan(instance, plan, { kind: 'job', id: 'new' });
    expect(result.plan.routes[0]!.stops.map((s) => s.id)).toEqual(['a', 'b', 'new', 'c']);
  });

  it('inserts a shipment into a Solomon plan and keeps it feasible', () => {
    const base = readSolomon('R201');
    const withShipment = { ...base, shipments: [{ id: 'extra', pickup: { location: 5, service: 10 }, delivery: { location: 40, service: 10 }, amount: [5] }] };
    const { plan } = solve(base, { seed: 1, maxIterations: 300 });
    const result = insertIntoPlan(withShipment, { routes: plan.routes, unassigned: [{ kind: 'shipment', id: 'extra' }] }, { kind: 'shipment', id: 'extra' });
    expect(result.inserted).toBe(true);
    expect(checkSolution(withShipment, result.plan).violations).toEqual([]);
  });
});

describe('reoptimiseRoute', () => {
  it('never makes the route costlier, keeps its windows and its started prefix', () => {
    const instance = readSolomon('R211');
    const { plan } = solve(instance, { seed: 3, constructionOnly: true });
    const longest = [...plan.routes].sort((a, b) => b.stops.length - a.stops.length)[0]!;
    const input: PlanSequences = {
      routes: plan.routes.map((r) => (r.vehicle === longest.vehicle ? { ...r, started: 3 } : r)),
      unassigned: plan.unassigned,
    };
    const after = reoptimiseRoute(instance, input, longest.vehicle, { seed: 5, maxIterations: 500 });
    const route = after.routes.find((r) => r.vehicle === longest.vehicle)!;
    expect(route.distance).toBeLessThanOrEqual(longest.distance + 1e-9);
    expect(route.stops.slice(0, 3).map((s) => s.id)).toEqual(longest.stops.slice(0, 3).map((s) => s.id));
    expect(new Set(route.stops.map((s) => s.id))).toEqual(new Set(longest.stops.map((s) => s.id)));
    const others = (p: typeof plan) => p.routes.filter((r) => r.vehicle !== longest.vehicle).map((r) => r.stops.map((s) => s.id));
    expect(others(after)).toEqual(others(plan));
    expect(checkSolution(instance, after).violations).toEqual([]);
  });
});
