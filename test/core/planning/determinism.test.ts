import { describe, expect, it } from 'vitest';
import { readLiLim, readSolomon } from '../../../bench/planning/instances.ts';
import { solve } from '../../../src/core/planning/solve.ts';

describe('same seed and iteration cap, same solution', () => {
  it.each([
    ['R102', readSolomon],
    ['lrc102', readLiLim],
  ] as const)('%s', (name, read) => {
    const instance = read(name);
    const a = solve(instance, { seed: 42, maxIterations: 800 });
    const b = solve(instance, { seed: 42, maxIterations: 800 });
    expect(b.plan).toEqual(a.plan);
    expect(b.iterations).toBe(a.iterations);
  });
});
