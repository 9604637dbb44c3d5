import type { UberDelivery } from '../../store/repos/uber.repo.ts';

/** Uber's request values for what a courier does with a delivery it cannot hand over (reference §5). */
export type UndeliverableAction = 'leave_at_door' | 'return' | 'discard';

/** Uber: "If not set then the default value is `return`" (OpenAPI UndeliverableAction). */
export const undeliverableActionOf = (d: UberDelivery): UndeliverableAction => (d.details.undeliverable_action as UndeliverableAction | undefined) ?? 'return';

/** The links between a forward delivery and its return leg, kept in details.dropline. */
export interface ReturnLinks {
  /** On a forward delivery: the `ret_…` delivery made when its dropoff failed. */
  returnId?: string;
  /** On a return delivery: the forward delivery it carries back. */
  originalId?: string;
}

export const linksOf = (d: UberDelivery): ReturnLinks => (d.details.dropline ?? {}) as ReturnLinks;

/** Stop metadata the failure writes, read back by the status and the document. */
export const FAILED = { returned: 'uber_returned', leftAtDoor: 'uber_left_at_door', discarded: 'uber_discarded', reason: 'uber_undeliverable_reason' } as const;

/**
 * Uber Note 1 on UndeliverableAction: `leave_at_door` cannot be set when signature, PIN or ID
 * verification applies at the dropoff. Returns the requirement that forbids it, if any.
 */
export function leaveAtDoorConflict(request: Record<string, unknown>): string | null {
  const v = (request.dropoff_verification ?? {}) as {
    signature?: boolean;
    signature_requirement?: { enabled?: boolean };
    pincode?: { enabled?: boolean };
    identification?: unknown;
  };
  if (v.signature === true || v.signature_requirement?.enabled === true || request.requires_dropoff_signature === true) return 'signature';
  if (v.pincode?.enabled === true) return 'PIN';
  if (v.identification !== undefined || request.requires_id === true) return 'ID';
  return null;
}
