import type { DeliverySettlement } from '../../store/repos/webhook-outbox.repo.ts';
import type { DialectWebhookFormat } from '../dialects/dialect.ts';

export type Verdict = 'delivered' | 'retry' | 'rejected';

/** 408 and 429 mean "try later" whatever the vendor says about 4xx. */
const TRY_LATER = new Set([408, 429]);

/**
 * What an answer means (null = no answer: network error or timeout). A 2xx is delivered and
 * 408/429 are "try later" for every vendor; any other answer is the format's to judge (its
 * dialect's `webhookFormat.verdict`). A format no dialect registers is retried: nothing could
 * have been sent for it.
 */
export function verdictFor(format: Pick<DialectWebhookFormat, 'verdict'> | undefined, status: number | null): Verdict {
  if (status !== null && status >= 200 && status < 300) return 'delivered';
  if (status === null || TRY_LATER.has(status)) return 'retry';
  return format ? format.verdict(status) : 'retry';
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
  format: Pick<DialectWebhookFormat, 'verdict'> | undefined,
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
