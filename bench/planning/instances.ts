import { readFileSync } from 'node:fs';
import type { Job, PlanningInstance, Shipment, Vehicle } from '../../src/core/planning/model.ts';

/** Euclidean matrices in double precision (travel time = distance, as both benchmarks define). */
function euclidean(xs: number[], ys: number[]): Float64Array {
  const n = xs.length;
  const m = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) m[a * n + b] = Math.hypot(xs[a]! - xs[b]!, ys[a]! - ys[b]!);
  return m;
}

function fleet(count: number, capacity: number, horizon: number): Vehicle[] {
  return Array.from({ length: count }, (_, i) => ({ id: `v${i}`, start: 0, end: 0, shift: [0, horizon] as const, capacity: [capacity] }));
}

/** Solomon (1987) text: header, `VEHICLE NUMBER CAPACITY`, then one customer a line (0 = depot). */
export function parseSolomon(text: string): PlanningInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const vi = lines.findIndex((l) => l.startsWith('NUMBER'));
  const [vehicles, capacity] = lines[vi + 1]!.split(/\s+/).map(Number) as [number, number];
  const rows = lines
    .slice(vi + 2)
    .filter((l) => /^\d/.test(l))
    .map((l) => l.split(/\s+/).map(Number));
  const xs = rows.map((r) => r[1]!);
  const ys = rows.map((r) => r[2]!);
  const matrix = euclidean(xs, ys);
  const jobs: Job[] = rows.slice(1).map((r) => ({
    id: String(r[0]),
    location: r[0]!,
    delivery: [r[3]!],
    timeWindows: [[r[4]!, r[5]!]],
    service: r[6]!,
  }));
  return {
    size: rows.length,
    durations: matrix,
    distances: matrix,
    vehicles: fleet(vehicles, capacity, rows[0]![5]!),
    jobs,
    shipments: [],
    objective: { minimiseVehicles: true, travel: 'distance' },
  };
}

/** Li & Lim (2001) PDPTW text: `VEHICLES CAPACITY SPEED`, then `ID X Y DEMAND READY DUE SERVICE PICKUP DELIVERY`. */
export function parseLiLim(text: string): PlanningInstance {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const [vehicles, capacity] = lines[0]!.split(/\s+/).map(Number) as [number, number];
  const rows = lines.slice(1).map((l) => l.split(/\s+/).map(Number));
  const byId = new Map(rows.map((r) => [r[0]!, r]));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of rows) {
    xs[r[0]!] = r[1]!;
    ys[r[0]!] = r[2]!;
  }
  const matrix = euclidean(xs, ys);
  const shipments: Shipment[] = rows
    .filter((r) => r[0] !== 0 && r[3]! > 0)
    .map((r) => {
      const d = byId.get(r[8]!)!;
      return {
        id: String(r[0]),
        pickup: { location: r[0]!, service: r[6]!, timeWindows: [[r[4]!, r[5]!]] },
        delivery: { location: d[0]!, service: d[6]!, timeWindows: [[d[4]!, d[5]!]] },
        amount: [r[3]!],
      };
    });
  const depot = byId.get(0)!;
  return {
    size: xs.length,
    durations: matrix,
    distances: matrix,
    vehicles: fleet(vehicles, capacity, depot[5]!),
    jobs: [],
    shipments,
    objective: { minimiseVehicles: true, travel: 'distance' },
  };
}

export const SOLOMON_DIR = new URL('../../../shared/data/solomon/', import.meta.url);
export const LI_LIM_DIR = new URL('../../../shared/data/li_lim_100/', import.meta.url);

export interface BestKnown {
  readonly vehicles: number;
  readonly distance: number;
}

export function readSolomon(name: string): PlanningInstance {
  return parseSolomon(readFileSync(new URL(`${name}.txt`, SOLOMON_DIR), 'utf8'));
}

export function readLiLim(name: string): PlanningInstance {
  return parseLiLim(readFileSync(new URL(`${name}.txt`, LI_LIM_DIR), 'utf8'));
}

/** Best-known hierarchical solutions (vehicles first, then distance), keyed by instance name. */
export function readBestKnown(): Map<string, BestKnown> {
  const m = new Map<string, BestKnown>();
  const solomon = readFileSync(new URL('bks_solomon_100.csv', SOLOMON_DIR), 'utf8').trim().split('\n').slice(1);
  for (const line of solomon) {
    const c = line.split(',');
    m.set(c[0]!, { vehicles: Number(c[2]), distance: Number(c[3]) });
  }
  const liLim = readFileSync(new URL('bks.csv', LI_LIM_DIR), 'utf8').trim().split('\n').slice(1);
  for (const line of liLim) {
    const c = line.split(',');
    m.set(c[0]!, { vehicles: Number(c[1]), distance: Number(c[2]) });
  }
  return m;
}
