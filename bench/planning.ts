/**
 * Planner benchmark: Solomon and Li & Lim 100-customer sets against the best-known hierarchical
 * solutions, a construction-only baseline, incremental use and a 1,000-job city day.
 *
 *   npm run bench:planning
 *   PLANNING_BUDGETS=1 PLANNING_SETS=C1,lr2 npm run bench:planning   # a quick look
 *   PLANNING_EXTRAS=0 …                                              # benchmarks only
 *
 * Both cores: a pool of two worker threads; each instance (and the 1,000-job day) is one search
 * on both threads (src/services/planning/cooperative.ts), one instance at a time.
 */
import { readdirSync } from 'node:fs';
import { checkSolution } from '../src/core/planning/check-solution.ts';
import type { PlanningInstance } from '../src/core/planning/model.ts';
import { solve } from '../src/core/planning/solve.ts';
import { solveOnAllThreads } from '../src/services/planning/cooperative.ts';
import { PlannerPool } from '../src/services/planning/planner-pool.ts';
import { cityInstance } from './planning/city.ts';
import { benchInsert, benchReoptimise } from './planning/incremental.ts';
import { type BestKnown, LI_LIM_DIR, readBestKnown, readLiLim, readSolomon, SOLOMON_DIR } from './planning/instances.ts';

const budgets = (process.env.PLANNING_BUDGETS ?? '1,10').split(',').map(Number);
const sets = process.env.PLANNING_SETS?.split(',').map((s) => s.toUpperCase());
const extras = process.env.PLANNING_EXTRAS !== '0';
const threads = Number(process.env.PLANNING_THREADS ?? 2);
const seed = Number(process.env.PLANNING_SEED ?? 1);
/** Replaces the time budget by an iteration cap (deterministic runs, for tuning). */
const iterations = process.env.PLANNING_ITERATIONS === undefined ? undefined : Number(process.env.PLANNING_ITERATIONS);
/** Tuning knobs (defaults are the solver's own). */
const numberEnv = (name: string) =>
  process.env[name] === undefined
    ? {}
    : {
        [name
          .replace('PLANNING_', '')
          .toLowerCase()
          .replace(/_(\w)/g, (_, c: string) => c.toUpperCase())]: Number(process.env[name]),
      };
const knobs = {
  ...numberEnv('PLANNING_EPOCHS'),
  ...numberEnv('PLANNING_FLEET_SHARE'),
  ...numberEnv('PLANNING_FLEET_PATIENCE'),
  ...numberEnv('PLANNING_START_TEMPERATURE'),
  ...numberEnv('PLANNING_FINAL_TEMPERATURE'),
  ...numberEnv('PLANNING_AVERAGE_REMOVED'),
};

interface Named {
  readonly name: string;
  readonly set: string;
  readonly benchmark: 'Solomon' | 'Li & Lim';
  readonly instance: PlanningInstance;
  readonly bks: BestKnown;
}

interface Row {
  readonly item: Named;
  readonly vehicles: number;
  readonly distance: number;
  readonly unassigned: number;
  readonly feasible: boolean;
  readonly seconds: number;
}

const setOf = (name: string) => name.toUpperCase().replace(/\d\d$/, '');

function load(): Named[] {
  const bks = readBestKnown();
  const names = (dir: URL) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort();
  const all: Named[] = [
    ...names(SOLOMON_DIR).map((name) => ({ name, set: setOf(name), benchmark: 'Solomon' as const, instance: readSolomon(name), bks: bks.get(name)! })),
    ...names(LI_LIM_DIR).map((name) => ({ name, set: setOf(name), benchmark: 'Li & Lim' as const, instance: readLiLim(name), bks: bks.get(name)! })),
  ];
  return sets ? all.filter((i) => sets.includes(i.set) || sets.includes(i.name.toUpperCase())) : all;
}

function row(item: Named, plan: Parameters<typeof checkSolution>[1], seconds: number): Row {
  const report = checkSolution(item.instance, plan);
  return { item, vehicles: report.totals.vehicles, distance: report.totals.distance, unassigned: report.totals.unassigned, feasible: report.feasible, seconds };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`;
const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

function summarise(label: string, rows: Row[]): string {
  const v = rows.reduce((a, r) => a + r.vehicles, 0);
  const vb = rows.reduce((a, r) => a + r.item.bks.vehicles, 0);
  const equal = rows.filter((r) => r.vehicles === r.item.bks.vehicles);
  const gap = (r: Row) => (r.distance / r.item.bks.distance - 1) * 100;
  return [
    label.padEnd(14),
    `n ${String(rows.length).padStart(2)}`,
    `feasible ${String(rows.filter((r) => r.feasible).length).padStart(2)}`,
    `unassigned ${rows.reduce((a, r) => a + r.unassigned, 0)}`,
    `vehicles ${v}/${vb} (${pct((v / vb - 1) * 100)}, avg ${(v - vb) / rows.length >= 0 ? '+' : ''}${((v - vb) / rows.length).toFixed(2)}, ${equal.length} equal, ${rows.filter((r) => r.vehicles < r.item.bks.vehicles).length} fewer)`,
    `gap all ${pct(mean(rows.map(gap)))}`,
    `gap where vehicles = BKS ${equal.length ? pct(mean(equal.map(gap))) : 'n/a'}`,
    `time ${mean(rows.map((r) => r.seconds)).toFixed(2)} s/instance`,
  ].join(' | ');
}

function report(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  for (const benchmark of ['Solomon', 'Li & Lim'] as const) {
    const mine = rows.filter((r) => r.item.benchmark === benchmark);
    if (mine.length === 0) continue;
    for (const set of [...new Set(mine.map((r) => r.item.set))])
      console.log(
        summarise(
          `  ${set}`,
          mine.filter((r) => r.item.set === set),
        ),
      );
    console.log(summarise(`  ${benchmark}`, mine));
  }
}

async function main(): Promise<void> {
  const items = load();
  console.log(
    `planner bench: ${items.length} instances, budgets ${budgets.join(', ')} s, ${threads} worker threads, one instance at a time on all of them (seeds ${seed}…${seed + threads - 1}, best solution exchanged between epochs)`,
  );
  if (Object.keys(knobs).length > 0) console.log(`knobs: ${JSON.stringify(knobs)}`);
  console.log('gap = mean over instances of (distance / best-known hierarchical distance − 1); distances in double precision, from the independent checker');

  const baseline = items.map((item) => {
    const t0 = performance.now();
    const { plan } = solve(item.instance, { seed, constructionOnly: true });
    return row(item, plan, (performance.now() - t0) / 1000);
  });
  report('baseline: regret-2 construction only (main thread)', baseline);

  const pool = new PlannerPool(threads);
  try {
    for (const budget of budgets) {
      const rows: Row[] = [];
      for (const item of items) {
        const outcome = await solveOnAllThreads(pool, {
          instance: item.instance,
          firstSeed: seed,
          ...(iterations ? { maxIterations: iterations } : { budgetMs: budget * 1000 }),
          ...knobs,
        });
        rows.push(row(item, outcome.plan, outcome.ms / 1000));
      }
      report(`SISR, ${budget} s per instance`, rows);
      if (process.env.PLANNING_DETAIL === '1') {
        for (const r of rows)
          console.log(
            `    ${r.item.name} ${r.vehicles}/${r.item.bks.vehicles} ${r.distance.toFixed(2)}/${r.item.bks.distance} ${pct((r.distance / r.item.bks.distance - 1) * 100)}${r.feasible ? '' : ' INFEASIBLE'}`,
          );
      }
    }
    if (extras) {
      console.log('');
      for (const line of benchInsert()) console.log(line);
      for (const line of benchReoptimise()) console.log(line);
      const city = cityInstance(1000, 1000, 50, 40);
      const t0 = performance.now();
      const outcome = await solveOnAllThreads(pool, { instance: city, budgetMs: 10_000 });
      const wall = (performance.now() - t0) / 1000;
      const check = checkSolution(city, outcome.plan);
      console.log(
        `1,000 jobs on 50 vans (haversine, 12 km radius, half with 2 h windows), 10 s on ${threads} threads (one cooperative search): ` +
          `feasible ${check.feasible}, unassigned ${check.totals.unassigned}, vans ${check.totals.vehicles}, driving ${(check.totals.duration / 3600).toFixed(2)} h, ` +
          `distance ${(check.totals.distance / 1000).toFixed(1)} km, wall ${wall.toFixed(1)} s, iterations ${outcome.iterations}`,
      );
    }
  } finally {
    await pool.close();
  }
}

await main();
