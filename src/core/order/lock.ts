import { DomainError } from '../errors.ts';
import type { Change } from './lifecycle.ts';
import type { Order } from './types.ts';

/** What a lock refuses: Bringg documents the refusal for update and cancel (reference §10). */
export type LockedAction = 'update' | 'cancel';

export const isLocked = (o: Order): boolean => o.lockedAt !== null;

/**
 * A dispatcher's lock freezes the order against update and cancel from every dialect. The lock is
 * checked before any status rule (Bringg reference §10: "Dropline checks lock first").
 */
export function assertUnlocked(o: Order, action: LockedAction): void {
  if (isLocked(o)) {
    throw new DomainError('order_locked', `Order ${o.orderHandle} is locked; unlock it before you ${action} it`, {
      orderHandle: o.orderHandle,
      action,
    });
  }
}

/** Locking is idempotent and allowed in any status; it records no timeline event (HyperTrack has none). */
export const lockOrder = (o: Order, now: Date): Change => ({
  order: { ...o, lockedAt: o.lockedAt ?? now, updatedAt: o.lockedAt ? o.updatedAt : now },
  events: [],
});

export const unlockOrder = (o: Order, now: Date): Change => ({
  order: { ...o, lockedAt: null, updatedAt: o.lockedAt ? now : o.updatedAt },
  events: [],
});
