import { afterAll, describe, expect, it } from 'vitest';
import { readSolomon } from '../../../bench/planning/instances.ts';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { PlannerPool, solveOnAllThreads } from '../../../src/services/planning/planner-pool.ts';

describe('PlannerPool', () => {
  const pool = new PlannerPool(2);
  afterAll(() => pool.close());

  it('solves on a worker thread exactly as on this one (same seed and iteration cap)', async () => {
    const instance = readSolomon('RC105');
    const outcome = await pool.solve({ instance, seed: 9, maxIterations: 400 });
    expect(outcome.plan).toEqual(solve(instance, { seed: 9, maxIterations: 400 }).plan);
  });

  it('runs one instance on both threads and keeps the better plan', async () => {
    const instance = readSolomon('R105');
    const best = await solveOnAllThreads(pool, { instance, maxIterations: 300 }, 1);
    const runs = [1, 2].map((seed) => solve(instance, { seed, maxIterations: 300 }).plan);
    const cheapest = runs.sort((a, b) => a.summary.vehicles - b.summary.vehicles || a.summary.travelCost - b.summary.travelCost)[0]!;
    expect(best.plan.summary).toEqual(cheapest.summary);
    expect(checkSolution(instance, best.plan).violations).toEqual([]);
  });
});
