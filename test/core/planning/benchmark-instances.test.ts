import { describe, expect, it } from 'vitest';
import { readLiLim, readSolomon } from '../../../bench/planning/instances.ts';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { solve } from '../../../src/core/planning/solve.ts';

// One instance per set of each benchmark, on an iteration cap (never a clock) to stay fast.
const SOLOMON = ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201'];
const LI_LIM = ['lc101', 'lc201', 'lr101', 'lr201', 'lrc101', 'lrc201'];

describe('Solomon and Li & Lim solutions pass the independent checker', () => {
  it.each([...SOLOMON.map((n) => [n, readSolomon] as const), ...LI_LIM.map((n) => [n, readLiLim] as const)])('%s', (name, read) => {
    const instance = read(name);
    for (const constructionOnly of [true, false]) {
      const { plan } = solve(instance, { seed: 7, maxIterations: 1500, constructionOnly });
      const report = checkSolution(instance, plan);
      expect(report.violations).toEqual([]);
      expect(report.totals.unassigned).toBe(0);
      expect(report.totals.distance).toBeCloseTo(plan.summary.distance, 6);
      expect(report.totals.vehicles).toBe(plan.summary.vehicles);
    }
  });
});
