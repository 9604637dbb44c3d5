import { bestInsertionInRoute, emptyInsertion, type Insertion } from './insertion.ts';
import type { Solution } from './solution.ts';

/**
 * Regret-2 insertion (Potvin & Rousseau 1993; Ropke & Pisinger 2006): repeatedly insert the
 * request whose best route beats its second-best by the most, so that requests with few options
 * go first. Per-route best insertions are cached and only the changed route is re-evaluated.
 */
export function regretInsertion(s: Solution): void {
  const p = s.problem;
  const V = p.vehicles;
  const R = p.requests;
  const pending = s.unassigned.filter((r) => !s.frozen[r]);
  const delta = new Float64Array(R * V).fill(Infinity);
  const posP = new Int32Array(R * V);
  const posQ = new Int32Array(R * V);
  const ins: Insertion = emptyInsertion();
  const evaluate = (r: number, v: number) => {
    ins.route = -1;
    ins.delta = Infinity;
    if (s.usable[v] && p.compatible[v * R + r]) bestInsertionInRoute(p, s.routes[v]!, v, r, ins, 0, null);
    delta[r * V + v] = ins.route >= 0 ? ins.delta : Infinity;
    posP[r * V + v] = ins.p;
    posQ[r * V + v] = ins.q;
  };
  for (const r of pending) for (let v = 0; v < V; v++) evaluate(r, v);
  const classStamp = new Int32Array(V);
  let stamp = 0;
  while (pending.length > 0) {
    let pick = -1;
    let pickRegret = -Infinity;
    let pickBest = Infinity;
    let pickRoute = -1;
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      stamp++;
      let best = Infinity;
      let second = Infinity;
      let bestV = -1;
      for (let v = 0; v < V; v++) {
        const d = delta[r * V + v]!;
        if (d === Infinity) continue;
        if (s.routes[v]!.len === 0) {
          // Identical empty vehicles are one option, not many.
          const c = p.vClass[v]!;
          if (classStamp[c] === stamp) continue;
          classStamp[c] = stamp;
        }
        if (d < best) {
          second = best;
          best = d;
          bestV = v;
        } else if (d < second) second = d;
      }
      if (bestV < 0) continue;
      const regret = (second === Infinity ? p.unassignedUnit : second) - best;
      if (regret > pickRegret || (regret === pickRegret && best < pickBest)) {
        pick = i;
        pickRegret = regret;
        pickBest = best;
        pickRoute = bestV;
      }
    }
    if (pick < 0) break;
    const r = pending[pick]!;
    pending[pick] = pending[pending.length - 1]!;
    pending.pop();
    ins.route = pickRoute;
    ins.p = posP[r * V + pickRoute]!;
    ins.q = posQ[r * V + pickRoute]!;
    ins.delta = delta[r * V + pickRoute]!;
    s.insert(r, ins);
    for (const o of pending) evaluate(o, pickRoute);
  }
}
