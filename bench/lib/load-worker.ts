import autocannon, { type Instance, type Options, type Request } from 'autocannon';
import type { LoadResult, LoadSpec } from './load.ts';

// A process of its own (bench/lib/load.ts forks it): the spec is its first message, the result its answer.
const spec = await new Promise<LoadSpec>((resolve) => process.once('message', (m) => resolve(m as LoadSpec)));
let next = 0;
let exhausted = false;
let instance: Instance | undefined;

const request: Request = {
  method: spec.method ?? 'GET',
  path: spec.path,
  headers: spec.headers ?? {},
  ...(spec.body === undefined ? {} : { body: spec.body }),
};

export type NextRequest = () => { path: string; body?: string } | undefined;
const generated: NextRequest | undefined = spec.generator
  ? ((await import(spec.generator.module)) as { createRequests: (args: unknown) => NextRequest }).createRequests(spec.generator.args)
  : undefined;
let lastGenerated: { path: string; body?: string } | undefined;

function nextGenerated(): { path: string; body?: string } {
  const r = generated!();
  if (r) {
    next++;
    lastGenerated = r;
    return r;
  }
  if (!exhausted) {
    exhausted = true;
    instance?.stop();
  }
  return lastGenerated ?? { path: spec.path };
}

const opts: Options = {
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
  ...(spec.rate ? { overallRate: spec.rate } : {}),
  timeout: 30,
  idReplacement: spec.body?.includes('[<id>]') ?? false,
  skipAggregateResult: true,
  requests: [
    generated
      ? { ...request, setupRequest: (req) => ({ ...req, ...nextGenerated() }) }
      : spec.paths
        ? { ...request, setupRequest: (req) => ({ ...req, path: nextPath() }) }
        : spec.bodies
          ? { ...request, setupRequest: (req) => ({ ...req, body: nextBody() }) }
          : request,
  ],
};

instance = autocannon(opts);
// The first request of each connection is built inside autocannon(), before `instance` is set.
if (exhausted) instance.stop();

function nextBody(): string {
  const bodies = spec.bodies!;
  if (next < bodies.length) return bodies[next++]!;
  if (!exhausted) {
    exhausted = true;
    instance?.stop();
  }
  return bodies.at(-1)!;
}

function nextPath(): string {
  const paths = spec.paths!;
  if (next < paths.length) return paths[next++]!;
  if (!exhausted) {
    exhausted = true;
    instance?.stop();
  }
  return paths.at(-1)!;
}

const raw = await instance;
// Off the main thread autocannon hands back encoded histograms; aggregating decodes the latencies.
// Its req/s histogram is not rebuilt that way, so the rate comes from the totals.
const { latency } = autocannon.aggregateResult([raw], opts);
const statusCodes = Object.fromEntries(Object.entries(raw.statusCodeStats).map(([code, s]) => [code, s.count]));
const result: LoadResult = {
  rps: raw.totalCompletedRequests / raw.duration,
  p50: latency.p50,
  p99: latency.p99,
  maxMs: latency.max,
  seconds: raw.duration,
  completed: raw.totalCompletedRequests,
  failed: raw.non2xx + raw.errors + raw.timeouts,
  statusCodes,
  errors: raw.errors,
  timeouts: raw.timeouts,
  ...(spec.paths || spec.bodies || spec.generator ? { pathsUsed: next, exhausted } : {}),
};
process.send!(result, () => process.exit(0));
