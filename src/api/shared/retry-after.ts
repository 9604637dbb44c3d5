import type { DomainError } from '../../core/errors.ts';

/** Seconds a client should wait before retrying, for the refusals that are about timing. */
export function retryAfterOf(e: DomainError | null | undefined): number | null {
  if (e?.code === 'store_unavailable') return 2;
  if (e?.code === 'rate_limited') return Math.max(1, Math.ceil(Number(e.details.retryAfterSeconds ?? 1)));
  return null;
}
