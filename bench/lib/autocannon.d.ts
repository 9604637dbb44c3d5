// autocannon 9 ships no types; this covers only what the benchmarks use.
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
  }

  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    idReplacement?: boolean;
    requests?: Request[];
    skipAggregateResult?: boolean;
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
  }

  /** What an instance resolves to off the main thread or with `skipAggregateResult`. */
  export interface RawResult {
    /** Seconds, to 10 ms. */
    duration: number;
    totalCompletedRequests: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Result {
    latency: Histogram;
  }

  export interface Instance extends PromiseLike<RawResult> {
    stop(): void;
  }

  interface Autocannon {
    (opts: Options): Instance;
    aggregateResult(results: RawResult[], opts: Options): Result;
  }

  const autocannon: Autocannon;
  export default autocannon;
}
