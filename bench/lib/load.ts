import { fork } from 'node:child_process';

/** One autocannon measurement; plain data, because it crosses into the load worker. */
export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:3000 */
  url: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  /** Every `[<id>]` in it becomes a fresh unique id per request (autocannon's idReplacement). */
  body?: string;
  /**
   * Distinct paths, each sent once, in order, across all connections. When they run out the
   * measurement stops early; the few requests already in flight repeat the last path.
   */
  paths?: string[];
  /** Like `paths`, for bodies: distinct bodies, each sent once, in order (the path stays `path`). */
  bodies?: string[];
  /**
   * Requests built inside the load worker, for streams too large to ship as `paths`/`bodies`:
   * `module` (a file URL) exports `createRequests(args)`, returning a function that yields the
   * next `{path, body}` or undefined when there are no more (the measurement then stops early).
   */
  generator?: { module: string; args: unknown };
  connections: number;
  seconds: number;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
  /**
   * Offered load in requests per second over all connections (autocannon's overallRate): the
   * latency at a given throughput, rather than at saturation where it is mostly queueing.
   */
  rate?: number;
}

export interface LoadResult {
  /** Completed requests (any status) over the measured wall time. */
  rps: number;
  p50: number;
  p99: number;
  maxMs: number;
  seconds: number;
  completed: number;
  /** Responses outside 2xx, plus socket errors and timeouts. */
  failed: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** With `paths`, `bodies` or `generator`: how many were handed out, and whether they ran out before the time did. */
  pathsUsed?: number;
  exhausted?: boolean;
}

const WORKER = new URL('./load-worker.ts', import.meta.url);

/**
 * Runs autocannon in a process of its own: the server under test keeps its process (its event
 * loop, heap and garbage collector) to itself, and the load generator's timers are not delayed
 * by the server's work (which would inflate p99), as an operator's clients are not.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  child.send(spec);
  return new Promise((resolve, reject) => {
    child.once('message', (result: LoadResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before reporting`)));
  });
}

/** "12 non-2xx (409×10, 500×2)" or '' when every request succeeded. */
export function describeFailures(r: LoadResult): string {
  if (r.failed === 0) return '';
  const codes = Object.entries(r.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}×${n}`);
  if (r.errors) codes.push(`socket errors×${r.errors}`);
  if (r.timeouts) codes.push(`timeouts×${r.timeouts}`);
  return `${r.failed} FAILED (${codes.join(', ')})`;
}
