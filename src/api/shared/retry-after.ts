import type { FastifyReply } from 'fastify';
import type { DomainError } from '../../core/errors.ts';

/** Seconds a client should wait before retrying, for the refusals that are about timing. */
function retryAfterOf(e: DomainError | null | undefined): number | null {
  if (e?.code === 'store_unavailable') return 2;
  if (e?.code === 'rate_limited') return Math.max(1, Math.ceil(Number(e.details.retryAfterSeconds ?? 1)));
  return null;
}

/** Every dialect's error path calls this before sending: Retry-After on a 503 or 429, nothing otherwise. */
export function setRetryAfter(reply: FastifyReply, e: DomainError | null | undefined): void {
  const retry = retryAfterOf(e);
  if (retry !== null) reply.header('retry-after', String(retry));
}
