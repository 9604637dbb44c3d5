/**
 * The closed set of failures the domain can report. Each dialect maps these codes to its own
 * status codes and bodies in `src/api/<dialect>/errors.ts`; nothing below the API knows HTTP.
 */
export type DomainErrorCode =
  | 'order_not_found'
  | 'order_task_not_found'
  | 'route_not_found'
  | 'worker_not_found'
  | 'device_not_found'
  | 'duplicate_resource'
  | 'invalid_transition'
  | 'invalid_request'
  | 'worker_deleted'
  | 'device_taken'
  | 'worker_without_device'
  | 'route_completed'
  | 'route_tracking'
  | 'version_conflict'
  | 'order_locked'
  | 'webhook_not_found'
  | 'delivery_not_found'
  /** The store cannot be reached (a PostgreSQL restart or failover): retry shortly. */
  | 'store_unavailable'
  /** The caller's account went over its request rate (details.retryAfterSeconds). */
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
