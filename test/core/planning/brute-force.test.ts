import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { compareCost, enumeratePlans, type Lexicographic, randomSmallInstance } from '../../helpers/planning.ts';

/** The optimum by exhaustive search, scored by the independent checker. */
function bruteForce(instance: ReturnType<typeof randomSmallInstance>): Lexicographic {
  let best: Lexicographic = { unassigned: Infinity, vehicles: Infinity, distance: Infinity };
  enumeratePlans(instance, (plan) => {
    if (plan.unassigned.length > best.unassigned) return;
    const report = checkSolution(instance, plan);
    if (!report.feasible) return;
    const cost = { unassigned: report.totals.unassigned, vehicles: report.totals.vehicles, distance: report.totals.distance };
    if (compareCost(cost, best) < 0) best = cost;
  });
  return best;
}

describe('solver against brute force on small random instances', () => {
  const cases: [string, number, number, number, number][] = [
    ['6 jobs, 2 vehicles', 11, 6, 0, 2],
    ['7 jobs, 2 vehicles', 12, 7, 0, 2],
    ['5 jobs, 3 vehicles', 13, 5, 0, 3],
    ['3 shipments, 2 vehicles', 14, 0, 3, 2],
    ['2 jobs and 2 shipments, 2 vehicles', 15, 2, 2, 2],
    ['7 jobs, 2 vehicles (another draw)', 16, 7, 0, 2],
  ];
  it.each(cases)('%s: the solver finds the optimum', (_, seed, jobs, shipments, vehicles) => {
    const instance = randomSmallInstance(seed, jobs, shipments, vehicles);
    const optimum = bruteForce(instance);
    for (const runSeed of [1, 2, 3]) {
      const { plan } = solve(instance, { seed: runSeed, maxIterations: 1500 });
      const report = checkSolution(instance, plan);
      expect(report.violations).toEqual([]);
      expect(report.totals.unassigned).toBe(optimum.unassigned);
      expect(report.totals.vehicles).toBe(optimum.vehicles);
      expect(report.totals.distance).toBeCloseTo(optimum.distance, 6);
    }
  });
});
