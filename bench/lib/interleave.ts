import type { LoadResult } from './load.ts';

/** Rounds' results as one: totals over the summed time, the median round's p50, the worst round's p99. */
export function combine(rounds: readonly LoadResult[]): LoadResult {
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const completed = rounds.reduce((s, r) => s + r.completed, 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return {
    rps: completed / seconds,
    p50: median(rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99)),
    maxMs: Math.max(...rounds.map((r) => r.maxMs)),
    seconds,
    completed,
    failed: rounds.reduce((s, r) => s + r.failed, 0),
    statusCodes,
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    timeouts: rounds.reduce((s, r) => s + r.timeouts, 0),
    ...(rounds.some((r) => r.pathsUsed !== undefined)
      ? { pathsUsed: rounds.reduce((s, r) => s + (r.pathsUsed ?? 0), 0), exhausted: rounds.some((r) => r.exhausted) }
      : {}),
  };
}

export interface Interleaved {
  measured: LoadResult;
  ceiling: LoadResult;
  /** measured ÷ ceiling throughput, per round, and their median: what the bench reports. */
  ratios: number[];
  ratio: number;
}

/**
 * A measurement and the ceiling that bounds it, in alternating short rounds (measured, ceiling,
 * measured, …): whatever else the machine does at the time weighs on both alike, so their ratio
 * holds still where two back-to-back runs' did not (45 % to 93 % between runs, issue 21).
 */
export async function interleave(
  rounds: number,
  measured: (round: number) => Promise<LoadResult>,
  ceiling: (round: number) => Promise<LoadResult>,
): Promise<Interleaved> {
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await measured(i));
    b.push(await ceiling(i));
  }
  const ratios = a.map((r, i) => r.rps / b[i]!.rps);
  return { measured: combine(a), ceiling: combine(b), ratios, ratio: [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]! };
}
