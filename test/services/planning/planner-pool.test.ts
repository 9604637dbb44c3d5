import { afterAll, describe, expect, it } from 'vitest';
import { readSolomon } from '../../../bench/planning/instances.ts';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { solveOnAllThreads } from '../../../src/services/planning/cooperative.ts';
import { PlannerPool } from '../../../src/services/planning/planner-pool.ts';

describe('PlannerPool', () => {
  const pool = new PlannerPool(2);
  afterAll(() => pool.close());

  it('solves on a worker thread exactly as on this one (same seed and iteration cap)', async () => {
    const instance = readSolomon('RC105');
    const outcome = await pool.solve({ instance, seed: 9, maxIterations: 400 });
    expect(outcome.plan).toEqual(solve(instance, { seed: 9, maxIterations: 400 }).plan);
  });

  it('runs one search on both threads: feasible, deterministic under an iteration cap, and no worse than its start', async () => {
    const instance = readSolomon('R105');
    const task = { instance, maxIterations: 600, epochs: 3, firstSeed: 4 };
    const a = await solveOnAllThreads(pool, task);
    const b = await solveOnAllThreads(pool, task);
    expect(checkSolution(instance, a.plan).violations).toEqual([]);
    expect(b.plan).toEqual(a.plan);
    // Both threads ran their whole share of the cap (fleet phase plus three annealing epochs).
    expect(a.iterations).toBeGreaterThan(600);
    const construction = solve(instance, { seed: 4, constructionOnly: true }).plan.summary;
    expect(a.plan.summary.vehicles * 1e6 + a.plan.summary.travelCost).toBeLessThanOrEqual(construction.vehicles * 1e6 + construction.travelCost);
  });

  it('lets a one-thread job run beside a search that waits for both threads', async () => {
    const instance = readSolomon('C101');
    const [single, both] = await Promise.all([
      pool.solve({ instance, seed: 1, maxIterations: 200 }),
      solveOnAllThreads(pool, { instance, maxIterations: 200, epochs: 2 }),
    ]);
    expect(checkSolution(instance, single.plan).feasible).toBe(true);
    expect(checkSolution(instance, both.plan).feasible).toBe(true);
  });
});
