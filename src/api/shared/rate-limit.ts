import type { FastifyReply } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import type { Deps } from '../../services/deps.ts';

/**
 * Counts one request against the account's rate and sets the RateLimit-* headers (the family
 * Bringg documents, reference bringg.md §4); over the rate it throws `rate_limited`, which each
 * dialect answers with its own 429 body and a Retry-After.
 */
export function enforceRateLimit(deps: Deps, reply: FastifyReply, accountId: string): void {
  const d = deps.rateLimiter.take(accountId, deps.clock.now().getTime());
  if (!d) return;
  reply.header('ratelimit-limit', String(d.limit));
  reply.header('ratelimit-remaining', String(d.remaining));
  reply.header('ratelimit-reset', String(d.resetSeconds));
  if (!d.ok) {
    throw new DomainError('rate_limited', `Over the account's request rate; retry in ${d.retryAfterSeconds} s`, {
      retryAfterSeconds: d.retryAfterSeconds,
    });
  }
}
