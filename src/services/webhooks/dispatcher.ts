import { type ClaimedDelivery, isStreamSubject, type OutboxEvent, type WebhookEndpoint, type WebhookFormat } from '../../core/webhook.ts';
import type { NewDelivery } from '../../store/repos/webhook-outbox.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { RenderContext } from './formats/format.ts';
import { webhookFormatOf } from '../dialects/dialect.ts';
import { signProofRefs } from '../drivers/proof-urls.ts';
import { type AttemptOutcome, settle } from './retry-policy.ts';
import { authHeaders } from './signers.ts';
import { webhookUrlProblem } from './url-safety.ts';

export interface DispatcherOptions {
  publicUrl: string;
  allowPrivateUrls: boolean;
  /** Per request; HyperTrack's receivers must "respond within 10 seconds". */
  timeoutMs?: number;
  /** Retries stop this long after an event was queued (default 24 h), then it is dead-lettered. */
  horizonMs?: number;
  /** Deliveries attempted concurrently per tick (each a different order or endpoint). */
  batchSize?: number;
  fanOutBatch?: number;
  /** Idle wait between ticks of the background loop. */
  pollMs?: number;
  /** Jitter source; tests pass a constant. */
  random?: () => number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface TickResult {
  fannedOut: number;
  attempted: number;
  delivered: number;
}

export const USER_AGENT = 'Dropline-Webhooks/0.1';

/**
 * Moves events from the outbox to the receivers. Each tick: fan new outbox events out to the
 * matching endpoints, lease the due deliveries (one per endpoint and order, the oldest), POST
 * them concurrently outside any transaction, then record each outcome. All time decisions read
 * `deps.clock`, so tests drive it with `runOnce()` and a TestClock.
 */
export class WebhookDispatcher {
  private readonly o: Required<Omit<DispatcherOptions, 'log'>> & Pick<DispatcherOptions, 'log'>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly deps: Deps,
    opts: DispatcherOptions,
  ) {
    this.o = {
      timeoutMs: 10_000,
      horizonMs: 24 * 3600_000,
      batchSize: 64,
      fanOutBatch: 500,
      pollMs: 250,
      random: Math.random,
      ...opts,
    };
  }

  async runOnce(): Promise<TickResult> {
    // An idle tick is one plain read: no transaction, so the embedded store's read cache survives
    // the poll (BEGIN would clear it four times a second).
    const idle = !(await this.deps.store.repos.webhookOutbox.hasWork(this.deps.clock.now()));
    if (idle) return { fannedOut: 0, attempted: 0, delivered: 0 };
    const fannedOut = await this.fanOut();
    const { attempted, delivered } = await this.deliverDue();
    return { fannedOut, attempted, delivered };
  }

  /** Ticks until nothing is left to do right now (tests; retries due later stay queued). */
  async drain(maxTicks = 10_000): Promise<void> {
    for (let i = 0; i < maxTicks; i++) {
      const r = await this.runOnce();
      if (r.fannedOut === 0 && r.attempted === 0) return;
    }
    throw new Error('webhook dispatcher did not drain');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        let busy = false;
        try {
          const r = await this.runOnce();
          busy = r.fannedOut > 0 || r.attempted > 0;
          if (failures > 0) this.o.log?.warn({ failures }, 'webhook dispatcher recovered');
          failures = 0;
        } catch (err) {
          // While the store is down every tick fails: log the first, then back off to 5 s.
          if (failures++ === 0) this.o.log?.error({ err }, 'webhook dispatcher tick failed');
        }
        if (!busy && this.running) {
          const wait = failures > 0 ? Math.min(this.o.pollMs * 2 ** failures, 5_000) : this.o.pollMs;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, wait);
            this.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          this.wake = null;
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private async fanOut(): Promise<number> {
    return this.deps.store.transaction(async (repos) => {
      if (!(await repos.webhookOutbox.tryLockFanOut())) return 0;
      const events = await repos.webhookOutbox.pendingFanOut(this.o.fanOutBatch);
      if (events.length === 0) return 0;
      const endpoints = await repos.webhookEndpoints.listForAccounts([...new Set(events.map((e) => e.accountId))]);
      const ctx = this.context(repos);
      const deliveries: NewDelivery[] = [];
      for (const e of events) deliveries.push(...deliveriesFor(e, endpoints, await eventNames(this.deps.dialects, e, endpoints, ctx)));
      await repos.webhookOutbox.insertDeliveries(deliveries);
      await repos.webhookOutbox.markFannedOut(events.map((e) => e.seq));
      return events.length;
    });
  }

  /** Lookups read through `repos`: the fan-out transaction, or the store when sending. */
  private context(repos: Repos): RenderContext {
    return { publicUrl: this.o.publicUrl, repos, now: () => this.deps.clock.now() };
  }

  private async deliverDue(): Promise<{ attempted: number; delivered: number }> {
    const now = this.deps.clock.now();
    const leaseUntil = new Date(now.getTime() + this.o.timeoutMs + 30_000);
    const claimed = await this.deps.store.transaction((repos) => repos.webhookOutbox.claim(now, leaseUntil, this.o.batchSize));
    if (claimed.length === 0) return { attempted: 0, delivered: 0 };
    const outcomes = await Promise.all(claimed.map((c) => this.attempt(c)));
    const settledAt = this.deps.clock.now();
    const settlements = claimed.map((c, i) => {
      const settlement = settle(webhookFormatOf(this.deps.dialects, c.endpoint.format), outcomes[i]!, c.delivery, settledAt, this.o.horizonMs, this.o.random);
      if (settlement.state === 'dead') {
        // Endpoint id and event id only: URLs may carry tokens and headers carry secrets.
        this.o.log?.warn(
          { endpoint_id: c.endpoint.id, event_id: c.event.eventId, attempts: c.delivery.attempts, last_status: settlement.lastStatus },
          'webhook dead-lettered after its retry horizon',
        );
      }
      return { id: c.delivery.id, settlement };
    });
    await this.deps.store.transaction((repos) => repos.webhookOutbox.settle(settlements));
    const delivered = settlements.filter((s) => s.settlement.state === 'delivered').length;
    return { attempted: claimed.length, delivered };
  }

  private async attempt({ delivery, endpoint, event }: ClaimedDelivery): Promise<AttemptOutcome> {
    const format = webhookFormatOf(this.deps.dialects, endpoint.format);
    if (!format) return { status: null, error: `no renderer for format ${endpoint.format}` };
    if (!this.o.allowPrivateUrls) {
      // Checked again at send time: a host name may have been re-pointed since creation.
      const problem = await webhookUrlProblem(endpoint.url, false);
      if (problem) return { status: null, error: problem };
    }
    let body: string;
    try {
      // Proof images ride as markers in stored documents: each attempt mints URLs that still work.
      body = await signProofRefs(this.deps, await format.renderer.render(event, this.context(this.deps.store.repos)), this.o.publicUrl, endpoint.accountId);
    } catch (e) {
      return { status: null, error: `render failed: ${(e as Error).message}` };
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      // Stable across attempts: receivers deduplicate on it.
      'x-dropline-event-id': event.eventId,
      'x-dropline-delivery-attempt': String(delivery.attempts),
      ...format.headers?.(event),
      ...authHeaders(format, endpoint, body, this.deps.clock.now()),
    };
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.body?.cancel();
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (e) {
      return { status: null, error: describeFetchError(e, this.o.timeoutMs) };
    }
  }
}

type EventNames = Partial<Record<WebhookFormat, string | null>>;

/** The name an event goes out as in each format the account's endpoints use (looked up once per format). */
async function eventNames(dialects: Deps['dialects'], event: OutboxEvent, endpoints: WebhookEndpoint[], ctx: RenderContext): Promise<EventNames> {
  const names: EventNames = {};
  for (const ep of endpoints) {
    if (ep.accountId !== event.accountId || ep.format in names) continue;
    // Route, worker and device events exist in HyperTrack's vocabulary only (reference §8).
    if (isStreamSubject(event.subject) && ep.format !== 'hypertrack') {
      names[ep.format] = null;
      continue;
    }
    names[ep.format] = (await webhookFormatOf(dialects, ep.format)?.renderer.eventName(event, ctx)) ?? null;
  }
  return names;
}

/** The deliveries one outbox event creates: one per endpoint of its account that wants it. */
export function deliveriesFor(event: OutboxEvent, endpoints: WebhookEndpoint[], names: EventNames): NewDelivery[] {
  return endpoints
    .filter((ep) => ep.accountId === event.accountId && ep.createdAt.getTime() <= event.createdAt.getTime())
    .filter((ep) => {
      const name = names[ep.format];
      return !!name && (ep.events === null || ep.events.includes(name));
    })
    .map((ep) => ({ endpointId: ep.id, eventSeq: event.seq, orderId: event.orderId, createdAt: event.createdAt }));
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? 'request failed';
}
