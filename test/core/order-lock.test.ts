import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { point } from '../../src/core/geo.ts';
import { cancelOrder, completeOrder, createOrder, rescheduleOrder } from '../../src/core/order/lifecycle.ts';
import { assertUnlocked, isLocked, lockOrder, unlockOrder } from '../../src/core/order/lock.ts';

const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 10, m));
const created = createOrder(
  {
    orderHandle: 'order-1',
    type: 'drop',
    typeIndex: 0,
    destination: { geometry: point(13.4, 52.5) },
    scheduledAt: null,
    scheduledAfter: null,
    expectedServiceTime: 0,
    capacityUsed: 1,
    priority: null,
    productType: null,
    metadata: {},
    opsGroupHandle: null,
    trackMode: null,
    planMode: 'manual',
    region: null,
  },
  { id: 'id-1', accountId: 'acct-1', shareCode: 'share-1', fulfillmentAttempt: 0 },
  at(0),
).order;

describe('order locks', () => {
  it('a new order is unlocked; lock and unlock record nothing on the timeline', () => {
    expect(isLocked(created)).toBe(false);
    const locked = lockOrder(created, at(1));
    expect(locked).toEqual({ order: { ...created, lockedAt: at(1), updatedAt: at(1) }, events: [] });
    expect(unlockOrder(locked.order, at(2))).toEqual({ order: { ...created, lockedAt: null, updatedAt: at(2) }, events: [] });
  });

  it('locking twice keeps the first lock time', () => {
    const once = lockOrder(created, at(1)).order;
    expect(lockOrder(once, at(5)).order).toEqual(once);
  });

  it('a locked order refuses cancel and reschedule, before any status rule', () => {
    const locked = lockOrder(completeOrder(created, at(1)).order, at(2)).order;
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return null;
    };
    const cancel = refusal(() => cancelOrder(locked, at(3)));
    expect(cancel).toBeInstanceOf(DomainError);
    expect(cancel).toMatchObject({ code: 'order_locked', details: { orderHandle: 'order-1', action: 'cancel' } });
    expect(refusal(() => rescheduleOrder(locked, { scheduledAt: at(9), scheduledAfter: null }, { id: 'id-2', shareCode: 's2' }, at(3)))).toMatchObject({
      code: 'order_locked',
      details: { action: 'update' },
    });
    expect(() => assertUnlocked(locked, 'update')).toThrow('Order order-1 is locked; unlock it before you update it');
  });

  it('completing stays allowed: the lock guards update and cancel (Bringg reference §10)', () => {
    expect(completeOrder(lockOrder(created, at(1)).order, at(2)).order.status).toBe('completed');
  });
});
