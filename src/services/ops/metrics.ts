import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../../store/store.ts';

/** What the metrics read from the running process at scrape time. */
export interface MetricSources {
  store: Store;
  sseClients: () => number;
}

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics, one registry per server (tests run several in one process,
 * so nothing goes in prom-client's global registry). Counters are bumped where things happen;
 * gauges that describe state (outbox, pool, SSE) are read only when /metrics is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly ingestPoints: Counter<'source'>;
  private readonly ingestDrops: Counter<'reason'>;
  private readonly ingestFallbacks: Counter<'reason'>;
  private readonly sweepSeconds: Histogram;
  private readonly sweepLast: Gauge;
  private readonly sweepOrders: Counter<'outcome'>;
  private readonly expectedPaths: Counter<'outcome'>;
  private sources: MetricSources | null = null;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'dropline_' });
    this.requests = new Counter({
      name: 'dropline_http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'dropline_http_request_duration_seconds',
      help: 'Time from request to response, by route template',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ingestPoints = new Counter({
      name: 'dropline_ingest_points_total',
      help: 'Location fixes stored, by source (duplicates of stored fixes are not counted)',
      labelNames: ['source'],
      registers,
    });
    this.ingestDrops = new Counter({
      name: 'dropline_ingest_drops_total',
      help: 'Location fixes dropped, by reason (out_of_range, in_future, teleport, duplicate, unknown_device)',
      labelNames: ['reason'],
      registers,
    });
    this.ingestFallbacks = new Counter({
      name: 'dropline_ingest_fallbacks_total',
      help:
        'Fix groups that left the one-statement ingest path for the locked transaction, by reason (device_not_cached, fix_not_newer, ' +
        'window_not_cached, fix_not_for_order, order_changes = a start or other order change, geofence_crossed, row_changed = a concurrent write)',
      labelNames: ['reason'],
      registers,
    });
    this.expectedPaths = new Counter({
      name: 'dropline_expected_path_refreshes_total',
      help:
        "Route changes whose stops' expected paths were drawn, by outcome (drawn; straight = the routing provider failed, straight legs " +
        'stored; no_start = no position, served stop or home to set off from, nothing planned; failed = not stored, the store refused)',
      labelNames: ['outcome'],
      registers,
    });
    this.sweepSeconds = new Histogram({
      name: 'dropline_risk_sweep_duration_seconds',
      help: 'Time one risk sweep took (claim, evaluate and write every order whose check was due)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.sweepLast = new Gauge({
      name: 'dropline_risk_sweep_last_duration_seconds',
      help: 'How long the latest risk sweep of this process took',
      registers,
    });
    this.sweepOrders = new Counter({
      name: 'dropline_risk_sweep_orders_total',
      help: 'Orders the risk sweep checked, by outcome (unchanged, written, stale = changed meanwhile, checked again next sweep)',
      labelNames: ['outcome'],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'dropline_sse_clients',
      help: 'Live streams (SSE) open on this process',
      registers,
      collect() {
        this.set(self.sources?.sseClients() ?? 0);
      },
    });
    new Gauge({
      name: 'dropline_pg_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, waiting = requests queued for one)',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = self.sources?.store.poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    const outboxGauge = (name: string, help: string, pick: (b: { depth: number; oldestAgeSeconds: number }) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const backlog = await self.backlog();
          this.set(backlog ? pick(backlog) : 0);
        },
      });
    outboxGauge('dropline_webhook_outbox_depth', 'Webhook deliveries waiting to be sent (all accounts)', (b) => b.depth);
    outboxGauge('dropline_webhook_outbox_oldest_age_seconds', 'Age of the oldest webhook event not yet delivered (0 when none)', (b) => b.oldestAgeSeconds);
  }

  /** Connects the scrape-time gauges to the running process. */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  observeIngest(source: string, accepted: number, dropped: Partial<Record<string, number>>, duplicates = 0): void {
    if (accepted > 0) this.ingestPoints.inc({ source }, accepted);
    if (duplicates > 0) this.ingestDrops.inc({ reason: 'duplicate' }, duplicates);
    for (const [reason, n] of Object.entries(dropped)) if (n) this.ingestDrops.inc({ reason }, n);
  }

  observeIngestFallback(reason: string): void {
    this.ingestFallbacks.inc({ reason });
  }

  observeExpectedPath(outcome: 'drawn' | 'straight' | 'no_start' | 'failed'): void {
    this.expectedPaths.inc({ outcome });
  }

  observeSweep(seconds: number, orders: { unchanged: number; written: number; stale: number }): void {
    this.sweepSeconds.observe(seconds);
    this.sweepLast.set(seconds);
    for (const [outcome, n] of Object.entries(orders)) if (n > 0) this.sweepOrders.inc({ outcome }, n);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  // Both outbox gauges come from one query per scrape.
  private backlogRead: Promise<{ depth: number; oldestAgeSeconds: number } | null> | null = null;
  private backlog(): Promise<{ depth: number; oldestAgeSeconds: number } | null> {
    if (!this.sources) return Promise.resolve(null);
    this.backlogRead ??= this.sources.store.repos.webhookOutbox
      .backlog()
      .catch(() => null)
      .finally(() => setTimeout(() => (this.backlogRead = null), 0));
    return this.backlogRead;
  }
}
