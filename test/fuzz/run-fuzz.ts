import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreKind } from '../../src/store/store.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { type FuzzRequest, mutationOf, toRequest } from './mutations.ts';
import { dialectOf, errorShapeProblem } from './shapes.ts';
import { changedTables, listTables, nextTransactionId, stateFingerprint } from './state.ts';
import { buildTargets, makeFixtures, type Target } from './targets.ts';

/** Fixed by default so a failure replays; FUZZ_SEED and FUZZ_RUNS override (the seed is printed). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 5_200);

/**
 * The words of the store-failure safety net (src/services/store-failure.ts): a refusal PostgreSQL
 * made, turned into a 4xx after the fact. The boundary must refuse such input first, naming the field.
 */
const SAFETY_NET = ['A value in the request cannot be stored', 'A resource with this identifier already exists'];

interface Finding {
  target: string;
  request: FuzzRequest;
  status: number;
  problem: string;
  body: string;
}

const shortRequest = (r: FuzzRequest) => ({
  method: r.method,
  url: r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url,
  headers: r.headers,
  payload: r.payload && r.payload.length > 300 ? `${r.payload.slice(0, 300)}… (${r.payload.length} chars)` : r.payload,
});

/** The cases, interleaved so every target gets its share: per target, fast-check samples from its own seed. */
function casesFor(targets: Target[]): { target: Target; request: FuzzRequest }[] {
  const per = Math.ceil(FUZZ_RUNS / targets.length);
  const sampled = targets.map((target, i) =>
    fc.sample(mutationOf(target), { seed: FUZZ_SEED + i, numRuns: per }).map((m) => ({ target, request: toRequest(target, m) })),
  );
  const out: { target: Target; request: FuzzRequest }[] = [];
  for (let round = 0; round < per; round++) for (const list of sampled) if (list[round]) out.push(list[round]!);
  return out.slice(0, Math.max(FUZZ_RUNS, targets.length));
}

/**
 * Malformed variants of every operation (the OpenAPI's and the ones it leaves out) through the
 * whole stack on one store: no 5xx, each error in its dialect's shape, and a refused request
 * changes no row of any table.
 */
export function fuzzSuite(kind: StoreKind): void {
  describe(`fuzz: malformed requests on ${kind} (seed ${FUZZ_SEED}, FUZZ_SEED/FUZZ_RUNS override)`, () => {
    let t: TestApi;
    let targets: Target[];
    let tables: string[];
    beforeAll(async () => {
      t = await startTestApi(kind);
      const fixtures = await makeFixtures(t);
      const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      targets = buildTargets(openapi, fixtures);
      tables = await listTables(t.deps.store);
    });
    afterAll(() => t?.close());

    it(`answers ${FUZZ_RUNS} malformed requests with 4xx bodies in the dialect and no state change`, {
      timeout: Math.max(110_000, FUZZ_RUNS * 40),
    }, async () => {
      const started = Date.now();
      const cases = casesFor(targets);
      const findings: Finding[] = [];
      const counts = { sent: 0, rejected: 0, accepted: 0 };
      let before = await stateFingerprint(t.deps.store, tables);
      let xid = await nextTransactionId(t.deps.store);
      for (const { target, request } of cases) {
        // A request that never answers (an SSE stream the boundary should have refused) is a finding, not a hang.
        const res = await Promise.race([
          t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload }),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000).unref()),
        ]);
        if (!res) {
          findings.push({ target: target.name, request, status: 0, problem: 'no answer in 5 s', body: '' });
          continue;
        }
        counts.sent++;
        const xidAfter = await nextTransactionId(t.deps.store);
        const after = xidAfter === xid ? before : await stateFingerprint(t.deps.store, tables);
        xid = xidAfter;
        const note = (problem: string) => findings.push({ target: target.name, request, status: res.statusCode, problem, body: res.body.slice(0, 300) });
        if (res.statusCode >= 500) note('5xx');
        else if (res.statusCode >= 400) {
          counts.rejected++;
          const shape = errorShapeProblem(dialectOf(request.url), res.headers['content-type'] as string | undefined, res.body);
          if (shape) note(`error shape: ${shape}`);
          if (SAFETY_NET.some((words) => res.body.includes(words))) note('refused by the store, not at the boundary');
          const changed = changedTables(before, after);
          if (changed.length > 0) note(`refused, yet changed ${changed.join(', ')}`);
        } else counts.accepted++;
        before = after;
      }
      const byTarget = new Set(cases.map((c) => c.target.name)).size;
      console.log(
        `fuzz ${kind}: seed ${FUZZ_SEED}, ${counts.sent} requests over ${byTarget} operations in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.rejected} refused, ${counts.accepted} accepted, ${findings.length} findings`,
      );
      const kinds = new Map<string, number>();
      for (const f of findings) kinds.set(`${f.status} ${f.problem} ← ${f.target}`, (kinds.get(`${f.status} ${f.problem} ← ${f.target}`) ?? 0) + 1);
      if (kinds.size > 0) console.log([...kinds].map(([k, n]) => `${n}× ${k}`).join('\n'));
      expect(
        findings.slice(0, 15).map((f) => ({ ...f, request: shortRequest(f.request) })),
        `seed ${FUZZ_SEED}`,
      ).toEqual([]);
      expect(counts.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    });
  });
}
