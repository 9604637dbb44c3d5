import type { WebhookFormat } from '../../core/webhook.ts';
import type { DeliverySettlement } from '../../store/repos/webhook-outbox.repo.ts';

export type Verdict = 'delivered' | 'retry' | 'rejected';

/** 408 and 429 mean "try later" whatever the vendor says about 4xx. */
const TRY_LATER = new Set([408, 429]);

/**
 * What an answer means, per vendor (null = no answer: network error or timeout).
 * - HyperTrack: "Return 2xx or 4xx — anything else triggers retries" (skills webhooks.md), so a
 *   4xx is a final answer: recorded as rejected, never re-sent on its own.
 * - Uber Direct: retries "on non-2xx/network error with exponential backoff" (reference §10).
 * - Bringg: retried on 500/502/503/504 (reference §11); any other answer is final.
 */
export function verdictFor(format: WebhookFormat, status: number | null): Verdict {
  if (status !== null && status >= 200 && status < 300) return 'delivered';
  if (status === null || TRY_LATER.has(status)) return 'retry';
  switch (format) {
    case 'hypertrack':
      return status >= 400 && status < 500 ? 'rejected' : 'retry';
    case 'uber':
      return 'retry';
    case 'bringg':
      return [500, 502, 503, 504].includes(status) ? 'retry' : 'rejected';
  }
}

export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_INTERVAL_MS = 60 * 60_000;

/** Exponential backoff with jitter: 10 s, 20 s, 40 s … capped at 1 h, each scaled by 0.5–1. */
export function retryDelayMs(attempts: number, random: () => number): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_INTERVAL_MS);
  return Math.round(base * (0.5 + 0.5 * random()));
}

export interface AttemptOutcome {
  status: number | null;
  error: string | null;
}

/**
 * The delivery's next state after an attempt. Retries stop at the horizon (counted from
 * `retryFrom`): the last retry is scheduled at the horizon itself, and a failure at or after it
 * dead-letters the delivery.
 */
export function settle(
  format: WebhookFormat,
  outcome: AttemptOutcome,
  attempt: { attempts: number; retryFrom: Date },
  now: Date,
  horizonMs: number,
  random: () => number,
): DeliverySettlement {
  const verdict = verdictFor(format, outcome.status);
  const base = { lastStatus: outcome.status, lastError: outcome.error };
  if (verdict === 'delivered') return { ...base, state: 'delivered', deliveredAt: now };
  if (verdict === 'rejected') return { ...base, state: 'rejected', deliveredAt: null };
  const giveUpAt = attempt.retryFrom.getTime() + horizonMs;
  if (now.getTime() >= giveUpAt) return { ...base, state: 'dead', deliveredAt: null };
  const next = Math.min(now.getTime() + retryDelayMs(attempt.attempts, random), giveUpAt);
  return { ...base, state: 'pending', nextAttemptAt: new Date(next), deliveredAt: null };
}
