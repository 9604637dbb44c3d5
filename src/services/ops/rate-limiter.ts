export interface RateLimitOptions {
  /** Sustained requests per second per account. */
  perSecond: number;
  /** Requests an idle account may send at once (the bucket's size). */
  burst: number;
}

export type RateDecision =
  | { ok: true; limit: number; remaining: number; resetSeconds: number }
  | { ok: false; limit: number; remaining: 0; resetSeconds: number; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 50_000;

/**
 * Per-account token buckets, in this process (several servers on one PostgreSQL each allow the
 * rate: docs/operations.md). `now` comes from the caller's clock so tests drive it. With no
 * options every request passes and no header is sent.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly options: RateLimitOptions | null) {}

  get enabled(): boolean {
    return this.options !== null;
  }

  take(key: string, nowMs: number): RateDecision | null {
    const o = this.options;
    if (!o) return null;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.evictFull(nowMs);
      b = { tokens: o.burst, at: nowMs };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(o.burst, b.tokens + ((nowMs - b.at) / 1000) * o.perSecond);
    b.at = nowMs;
    const resetSeconds = Math.ceil((o.burst - b.tokens) / o.perSecond);
    if (b.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - b.tokens) / o.perSecond));
      return { ok: false, limit: o.burst, remaining: 0, resetSeconds: Math.max(resetSeconds, retryAfterSeconds), retryAfterSeconds };
    }
    b.tokens -= 1;
    return { ok: true, limit: o.burst, remaining: Math.floor(b.tokens), resetSeconds: Math.ceil((o.burst - b.tokens) / o.perSecond) };
  }

  /** A full bucket holds no information: forgetting it changes no decision. */
  private evictFull(nowMs: number): void {
    const o = this.options!;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * o.perSecond >= o.burst) this.buckets.delete(key);
    }
  }
}
