import type { DomainError } from '../../core/errors.ts';

/** Uber's error body (reference §8): `kind:"error"`, `metadata` when there is detail. */
export interface UberErrorBody {
  code: string;
  message: string;
  kind?: 'error';
  metadata?: Record<string, unknown>;
}

export interface UberReply {
  status: number;
  body: UberErrorBody;
}

/** Every code Dropline answers with, its status and the message Uber's spec examples print (§9). */
export const UBER_ERRORS = {
  invalid_params: [400, 'The parameters of your request were invalid.'],
  unknown_location: [400, 'The specified location was not understood.'],
  address_undeliverable: [400, 'The specified location is not in a deliverable area.'],
  pickup_window_too_small: [400, 'The pickup window needs to be at least 10 minutes long.'],
  dropoff_deadline_too_early: [400, 'The dropoff deadline needs to be at least 20 minutes after the dropoff ready time.'],
  dropoff_deadline_before_pickup_deadline: [400, 'The dropoff deadline needs to be after the pickup deadline.'],
  dropoff_ready_after_pickup_deadline: [400, 'The dropoff ready time needs to be at or before the pickup deadline.'],
  pickup_ready_too_early: [400, 'The pickup ready time cannot be in the past.'],
  pickup_deadline_too_early: [400, 'The pickup deadline time needs to be at least 20 minutes from now.'],
  pickup_ready_too_late: [400, 'The pickup ready time needs to be within the next 30 days.'],
  expired_quote: [400, 'The price quote specified has expired.'],
  used_quote: [400, 'The price quote specified has been used.'],
  mismatched_price_quote: [400, 'Quote mismatch, please recreate the quote.'],
  noncancelable_delivery: [400, 'Delivery cannot be cancelled.'],
  max_tip_exceeded: [400, 'Max tip exceeded.'],
  tip_already_recorded_error: [400, 'Tip already updated.'],
  no_tip: [400, 'no_tip.'],
  invalid_tipping_state: [400, 'Tip cannot be updated in the current job state.'],
  unauthorized: [401, 'Invalid OAuth 2.0 credentials provided.'],
  customer_not_found: [404, 'Customer does not exist.'],
  delivery_not_found: [404, 'The requested delivery does not exist.'],
  not_found: [404, 'The requested resource does not exist.'],
  request_timeout: [408, 'The request timed out.'],
  duplicate_delivery: [409, 'An active delivery like this already exists.'],
  payload_too_large: [413, 'The request body is too large.'],
  customer_limited: [429, 'The customer has exceeded the rate limit.'],
  unknown_error: [500, 'An unknown error happened.'],
  service_unavailable: [503, 'Service is currently unavailable.'],
} as const satisfies Record<string, readonly [number, string]>;

export type UberErrorCode = keyof typeof UBER_ERRORS;

export function uberError(code: UberErrorCode, metadata?: Record<string, unknown>, message?: string): UberReply {
  const [status, text] = UBER_ERRORS[code];
  // Uber: the 401 body has no `kind` (reference §1, §8).
  if (code === 'unauthorized') return { status, body: { code, message: text } };
  return { status, body: { code, message: message ?? text, kind: 'error', ...(metadata ? { metadata } : {}) } };
}

/** The one mapping of a domain refusal to Uber's status and body. */
export function fromDomainError(e: DomainError): UberReply {
  const d = e.details;
  const metadata = d.metadata as Record<string, unknown> | undefined;
  switch (e.code) {
    case 'invalid_request':
    case 'invalid_transition': {
      const code = typeof d.rule === 'string' && d.rule in UBER_ERRORS ? (d.rule as UberErrorCode) : 'invalid_params';
      // unknown_location keeps Dropline's message: it says what to send (issue 5).
      const keep = code === 'unknown_location';
      if (code === 'invalid_params' && !metadata) return uberError(code, { param_details: e.message });
      return uberError(code, metadata, keep ? e.message : undefined);
    }
    case 'order_not_found':
      return uberError('delivery_not_found');
    case 'duplicate_resource':
      return uberError('duplicate_delivery', d.deliveryId ? { delivery_id: d.deliveryId } : undefined);
    case 'order_locked':
      return d.action === 'cancel' ? uberError('noncancelable_delivery') : uberError('invalid_params', { param_details: e.message });
    case 'version_conflict':
    case 'store_unavailable':
      return uberError('service_unavailable');
    case 'rate_limited':
      return uberError('customer_limited');
    // Workers, routes, devices and webhooks are not reachable from the Uber dialect.
    case 'worker_not_found':
    case 'worker_deleted':
    case 'device_not_found':
    case 'device_taken':
    case 'worker_without_device':
    case 'route_not_found':
    case 'plan_not_found':
    case 'route_completed':
    case 'route_tracking':
    case 'webhook_not_found':
    case 'delivery_not_found':
    case 'order_task_not_found':
      return uberError('invalid_params', { param_details: e.message });
  }
}
