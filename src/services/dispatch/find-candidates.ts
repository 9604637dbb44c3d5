import { type DispatchCandidate, type Excluded, type Fit, fitCandidate, rankFits, type Screened, screenRoute, screenWorker } from '../../core/dispatch.ts';
import type { Order } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import { type RouteStop, sequenceStops } from '../../core/route-stops.ts';
import { newShiftCache, type ShiftWindow } from '../../core/worker-shift.ts';
import type { Worker } from '../../core/worker.ts';
import type { WorkerFilter, WorkerRow } from '../../store/repos/worker.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';

export interface CandidateSet {
  /** Workers who can take the orders, cheapest first. */
  fits: Fit[];
  /** The others, each with its reason. */
  excluded: Excluded[];
}

const PAGE = 1000;

/** Every worker of the account that may work the orders' ops group (a worker without one works any). */
async function listWorkers(repos: Repos, accountId: string, opsGroupHandle: string | null, filter: Pick<WorkerFilter, 'profile'>): Promise<WorkerRow[]> {
  const all: WorkerRow[] = [];
  for (let after: string | undefined; ; ) {
    const page = await repos.workers.listRows(accountId, { limit: PAGE, after }, filter);
    all.push(...page);
    if (page.length < PAGE) break;
    after = page.at(-1)!.workerHandle;
  }
  return all.filter((w) => opsGroupHandle === null || w.opsGroupHandle === null || w.opsGroupHandle === opsGroupHandle);
}

/**
 * Who could take `adding` (one handle's records) now, read without locks or a transaction: the
 * workers screened without travel first, then the survivors' routes, then one matrix per survivor
 * from the routing provider (which may be remote: nothing is held while it answers), then the
 * planner's incremental insert into each route. The caller re-checks what it acts on under locks
 * (the route's version).
 */
export async function findCandidates(
  deps: Deps,
  accountId: string,
  adding: readonly Order[],
  now: Date,
  filter: Pick<WorkerFilter, 'profile'> = {},
): Promise<CandidateSet> {
  const repos = deps.store.repos;
  const workers = await listWorkers(repos, accountId, adding[0]?.opsGroupHandle ?? null, filter);
  const excluded: Excluded[] = [];
  const cache = newShiftCache();
  const plausible: { worker: WorkerRow; shift: ShiftWindow }[] = [];
  for (const worker of workers) {
    const s = screenWorker(worker, adding, now, { cache });
    if ('reason' in s) excluded.push(s);
    else plausible.push({ worker, shift: s.shift });
  }
  const routes = plausible.length > 0 ? await repos.routes.listOpenForWorkers(accountId) : [];
  const routeOf = new Map<string, Route>(routes.map((r) => [r.workerHandle!, r]));
  const handles = plausible.flatMap((p) => routeOf.get(p.worker.workerHandle)?.routeHandle ?? []);
  const onRoutes = handles.length > 0 ? await repos.orders.listStopsOnRoutes(accountId, handles) : [];
  const stopsOf = new Map<string, RouteStop[]>();
  // An order already on a route (candidate_workers of a planned order) is weighed without itself.
  const addingIds = new Set(adding.map((o) => o.id));
  for (const o of onRoutes) {
    if (addingIds.has(o.id)) continue;
    const list = stopsOf.get(o.routeHandle!);
    if (list) list.push(o);
    else stopsOf.set(o.routeHandle!, [o]);
  }

  const screened: Screened[] = [];
  for (const { worker, shift } of plausible) {
    const r = routeOf.get(worker.workerHandle);
    const candidate: DispatchCandidate = {
      worker,
      route: r ? { routeHandle: r.routeHandle, version: r.version, stops: sequenceStops(stopsOf.get(r.routeHandle) ?? [], r.stopSequence) } : null,
    };
    const s = screenRoute(candidate, shift, adding);
    if ('reason' in s) excluded.push(s);
    else screened.push(s);
  }
  const matrices = await Promise.all(screened.map((s) => deps.routing.matrix(s.points)));
  const fits: Fit[] = [];
  screened.forEach((s, i) => {
    const fit = fitCandidate(s, adding, now, matrices[i]!);
    if (fit) fits.push(fit);
    else excluded.push({ workerHandle: s.candidate.worker.workerHandle, reason: 'time_window' });
  });
  return { fits: rankFits(fits), excluded };
}
