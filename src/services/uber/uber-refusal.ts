import { DomainError } from '../../core/errors.ts';

/** Uber's rule codes that are business refusals (reference §9); api/uber/errors.ts gives each its status and message. */
export type UberRefusalCode =
  | 'invalid_params'
  | 'unknown_location'
  | 'address_undeliverable'
  | 'pickup_window_too_small'
  | 'dropoff_deadline_too_early'
  | 'dropoff_deadline_before_pickup_deadline'
  | 'dropoff_ready_after_pickup_deadline'
  | 'pickup_ready_too_early'
  | 'pickup_deadline_too_early'
  | 'pickup_ready_too_late'
  | 'expired_quote'
  | 'used_quote'
  | 'mismatched_price_quote'
  | 'noncancelable_delivery'
  | 'max_tip_exceeded'
  | 'tip_already_recorded_error'
  | 'no_tip'
  | 'invalid_tipping_state';

/**
 * A refusal in the core's closed vocabulary (a state rule is `invalid_transition`, the rest
 * `invalid_request`) carrying Uber's own rule code (`details.rule`, read by api/uber/errors.ts only) and `metadata`.
 */
export function uberRefusal(code: UberRefusalCode, message: string, metadata?: Record<string, string>): DomainError {
  const core = code === 'noncancelable_delivery' || code === 'invalid_tipping_state' ? 'invalid_transition' : 'invalid_request';
  return new DomainError(core, message, { rule: code, ...(metadata ? { metadata } : {}) });
}

export const invalidParams = (metadata: Record<string, string>) => uberRefusal('invalid_params', Object.values(metadata).join('; '), metadata);
