import { greedyRecreate, pickOrder } from './recreate.ts';
import type { Rng } from './rng.ts';
import { type RuinParams, SISR_RUIN, stringRemoval } from './ruin.ts';
import type { Snapshot, Solution } from './solution.ts';

/** How long a search phase may run, from the caller's clock or iteration cap. */
export interface PhaseBudget {
  /** Share of the phase elapsed, 0 → 1 (≥ 1 ends the phase). Called once per iteration. */
  progress(iteration: number): number;
}

export interface AnnealingParams {
  readonly ruin: RuinParams;
  readonly blinkRate: number;
  /** Start and final temperatures, in units of the average arc cost of the start solution. */
  readonly startTemperature: number;
  readonly finalTemperature: number;
}

export const SISR_ANNEALING: AnnealingParams = { ruin: SISR_RUIN, blinkRate: 0.01, startTemperature: 10, finalTemperature: 0.1 };

function randomAssignedNode(s: Solution, rng: Rng): number {
  const p = s.problem;
  let total = 0;
  for (const r of s.routes) if (s.usable[r.vehicle]) total += r.len - r.fixed;
  if (total === 0) return -1;
  let k = rng.int(total);
  for (const r of s.routes) {
    if (!s.usable[r.vehicle]) continue;
    const m = r.len - r.fixed;
    if (k < m) return r.nodes[r.fixed + k]!;
    k -= m;
  }
  return p.requestNode[0] ?? -1;
}

/** One ruin-and-recreate move on `s` (inside begin/commit or rollback by the caller). */
function ruinAndRecreate(s: Solution, rng: Rng, params: AnnealingParams, seedNode: number): void {
  stringRemoval(s, rng, params.ruin, seedNode);
  greedyRecreate(s, rng, params.blinkRate, pickOrder(rng));
}

/** Which part of one cooling schedule an annealing run covers, and the schedule's temperature unit. */
export interface AnnealingSchedule {
  /** The run starts at this share of the schedule and ends at `to` (0 → 1 for a whole run). */
  readonly from: number;
  readonly to: number;
  /** The average arc cost the temperatures are scaled by; a schedule split into runs keeps its first. */
  readonly unit: number;
}

/** The average arc cost of a solution: temperatures are set in this unit. */
export function temperatureUnit(s: Solution): number {
  const arcs = Math.max(1, s.problem.nodes + s.vehiclesUsed());
  return Math.max(1e-9, s.travelCost() / arcs);
}

/**
 * SISR's simulated annealing over the hierarchical objective (Christiaens & Vanden Berghe 2020):
 * accept a candidate if its cost is below current − T·ln U, T falling geometrically from start
 * to final temperature over the budget. Returns the best solution seen; `s` is left in it.
 */
export function anneal(
  s: Solution,
  rng: Rng,
  budget: PhaseBudget,
  params: AnnealingParams = SISR_ANNEALING,
  schedule: Partial<AnnealingSchedule> = {},
): { best: Snapshot; iterations: number } {
  let current = s.cost();
  let best = s.snapshot();
  const unit = schedule.unit ?? temperatureUnit(s);
  const from = schedule.from ?? 0;
  const span = (schedule.to ?? 1) - from;
  const t0 = params.startTemperature * unit;
  const tf = params.finalTemperature * unit;
  let it = 0;
  for (;;) {
    const frac = budget.progress(it);
    if (frac >= 1) break;
    it++;
    const seed = randomAssignedNode(s, rng);
    if (seed < 0 && s.unassigned.length === 0) break;
    const temperature = t0 * (tf / t0) ** (from + span * frac);
    s.begin();
    ruinAndRecreate(s, rng, params, seed < 0 ? s.problem.requestNode[s.unassigned[0]!]! : seed);
    const candidate = s.cost();
    if (candidate < current - temperature * Math.log(rng.next() + 1e-300)) {
      s.commit();
      current = candidate;
      if (candidate < best.cost - 1e-9) best = s.snapshot();
    } else {
      s.rollback();
    }
  }
  s.restore(best);
  return { best, iterations: it };
}

/** The fewest vehicles any plan needs by capacity alone (a homogeneous-fleet bound). */
function capacityBound(s: Solution): number {
  const p = s.problem;
  let bound = 1;
  for (let d = 0; d < p.dims; d++) {
    let demand = 0;
    for (let n = 0; n < p.nodes; n++) demand += p.nodeDelivery[n * p.dims + d]! + (p.nodeKind[n] === 0 ? p.nodePickup[n * p.dims + d]! : 0);
    let cap = 0;
    for (let v = 0; v < p.vehicles; v++) cap = Math.max(cap, p.vCapacity[v * p.dims + d]!);
    if (cap > 0) bound = Math.max(bound, Math.ceil(demand / cap - 1e-9));
  }
  return bound;
}

/**
 * Fleet minimisation (SISR §6, after Nagata & Bräysy's ejection pool): empty one route and
 * switch its vehicle off, then ruin-and-recreate on the remaining fleet, accepting a candidate
 * that leaves fewer requests out or whose absent requests have a lower total absence count
 * (a request absent for long is hard, so the search learns to place it). When nothing is left
 * out, the smaller fleet is recorded and another route goes. Starts from a complete solution.
 */
export function minimiseFleet(
  s: Solution,
  rng: Rng,
  budget: PhaseBudget,
  params: AnnealingParams = SISR_ANNEALING,
  patience = Infinity,
): { best: Snapshot; iterations: number } {
  const p = s.problem;
  let best = s.snapshot();
  if (s.unassigned.some((r) => !s.frozen[r])) return { best, iterations: 0 };
  const absence = new Float64Array(p.requests);
  const bound = capacityBound(s);
  let it = 0;
  for (let v = 0; v < p.vehicles; v++) s.usable[v] = s.routes[v]!.len > 0 ? 1 : 0;
  const sumAbsence = () => {
    let a = 0;
    for (const r of s.unassigned) if (!s.frozen[r]) a += absence[r]!;
    return a;
  };
  const absentCount = () => s.unassigned.reduce((n, r) => n + (s.frozen[r] ? 0 : 1), 0);
  // Progress of the phase when the fleet last shrank: an attempt that has not succeeded within
  // `patience` (a share of this phase) gives up, leaving the rest of the budget to annealing.
  let lastSuccess = 0;
  outer: while (s.vehiclesUsed() > bound) {
    const candidates = s.routes.filter((r) => r.len > 0 && r.fixed === 0);
    if (candidates.length === 0) break;
    let victim = candidates[rng.int(candidates.length)]!;
    if (rng.next() < 0.5) for (const r of candidates) if (r.len < victim.len) victim = r;
    s.usable[victim.vehicle] = 0;
    const out: number[] = [];
    for (let i = 0; i < victim.len; i++) {
      const r = p.nodeRequest[victim.nodes[i]!]!;
      if (!out.includes(r)) out.push(r);
    }
    s.remove(out);
    let count = absentCount();
    let weight = sumAbsence();
    while (count > 0) {
      const progress = budget.progress(it);
      if (progress >= 1 || progress - lastSuccess > patience) break outer;
      it++;
      const absent = s.unassigned.filter((r) => !s.frozen[r]);
      const seed = rng.next() < 0.5 ? p.requestNode[absent[rng.int(absent.length)]!]! : randomAssignedNode(s, rng);
      s.begin();
      ruinAndRecreate(s, rng, params, seed < 0 ? p.requestNode[absent[0]!]! : seed);
      const c = absentCount();
      const w = sumAbsence();
      if (c < count || w < weight) {
        s.commit();
        count = c;
      } else {
        s.rollback();
      }
      for (const r of s.unassigned) absence[r] = absence[r]! + 1;
      weight = sumAbsence();
    }
    best = s.snapshot();
    lastSuccess = budget.progress(it);
  }
  s.restore(best);
  for (let v = 0; v < p.vehicles; v++) s.usable[v] = 1;
  return { best, iterations: it };
}
