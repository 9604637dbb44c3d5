/**
 * The closed set of failures the domain can report. Each dialect maps these codes to its own
 * status codes and bodies in `src/api/<dialect>/errors.ts`; nothing below the API knows HTTP.
 */
export type DomainErrorCode =
  | 'order_not_found'
  | 'order_task_not_found'
  | 'route_not_found'
  /** A plan run id the account has not got (GET /orders/plan/{plan_id}). */
  | 'plan_not_found'
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

/**
 * Why a refusal was made beyond its code, in the core's words: each dialect's errors.ts picks its
 * own body for it (Bringg's "Wrong ID", rc 8 for a done task), so no service speaks a vendor's code.
 */
export type DomainRefusal =
  /** A stop visit (check-in/out) on an order that is not on the way. */
  | 'not_started'
  /** A start of an order that has no worker. */
  | 'not_assigned'
  /** An id that names no record of the kind asked for (a task id where a customer's was wanted). */
  | 'wrong_id'
  /** A change of an order that is done. */
  | 'terminal';

/** Which kind of record a not-found or a duplicate is about, when the code alone does not say. */
export type DomainEntity = 'task' | 'note' | 'inventory' | 'customer' | 'delivery';

/**
 * What a DomainError carries besides its code and message. The named fields are the ones the
 * dialects' errors.ts read; the other keys identify the record (handles, ids) for logs.
 */
export interface DomainErrorDetails {
  refusal?: DomainRefusal;
  entity?: DomainEntity;
  /** What a lock refused (core/order/lock.ts). */
  action?: string;
  /** The order's status a transition was refused in. */
  status?: string;
  /**
   * The code of a rule that a dialect's own service layer decided (Uber's `pickup_window_too_small`,
   * its organizations' refusals): raised and read by that one dialect only.
   */
  rule?: string;
  /** The refusing rule's per-field explanations. */
  metadata?: Record<string, string>;
  /** The title of a duplicate's body (HyperTrack). */
  title?: string;
  /** For `rate_limited`: seconds until the account may call again. */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
