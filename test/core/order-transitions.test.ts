import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { canApply, nextStatus, ORDER_ACTIONS, type OrderAction, TRANSITIONS } from '../../src/core/order/transitions.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../src/core/order/types.ts';

/**
 * The expected state machine, written out by hand from HyperTrack reference §4 and the seeds so
 * that an accidental edit of TRANSITIONS fails here instead of being mirrored. 'previous' is the
 * status held before disabling; a missing entry means the pair is forbidden.
 */
type Expected = OrderStatus | 'previous';
const EXPECTED: Record<OrderAction, Partial<Record<OrderStatus, Expected>>> = {
  plan: { unplanned: 'planned', planned: 'planned' },
  assign: {
    unplanned: 'assigned',
    planned: 'assigned',
    assigned: 'assigned',
    dispatched: 'assigned',
    ongoing: 'ongoing',
  },
  dispatch: { assigned: 'dispatched' },
  start: { assigned: 'ongoing', dispatched: 'ongoing' },
  complete: {
    unplanned: 'completed',
    planned: 'completed',
    assigned: 'completed',
    dispatched: 'completed',
    ongoing: 'completed',
    disabled: 'completed',
  },
  cancel: {
    unplanned: 'cancelled',
    planned: 'cancelled',
    assigned: 'cancelled',
    dispatched: 'cancelled',
    ongoing: 'cancelled',
    disabled: 'cancelled',
  },
  disable: {
    unplanned: 'disabled',
    planned: 'disabled',
    assigned: 'disabled',
    dispatched: 'disabled',
    ongoing: 'disabled',
  },
  enable: { disabled: 'previous' },
  reschedule: {
    unplanned: 'cancelled',
    planned: 'cancelled',
    assigned: 'cancelled',
    dispatched: 'cancelled',
    ongoing: 'cancelled',
    disabled: 'cancelled',
    completed: 'completed',
    cancelled: 'cancelled',
  },
  unplan: { planned: 'unplanned', assigned: 'unplanned', dispatched: 'unplanned' },
};

// Spelled out rather than imported so a change to the status or action lists is noticed too.
const STATUSES: OrderStatus[] = ['unplanned', 'planned', 'assigned', 'dispatched', 'ongoing', 'completed', 'cancelled', 'disabled'];
const ACTIONS: OrderAction[] = ['plan', 'assign', 'dispatch', 'start', 'complete', 'cancel', 'disable', 'enable', 'reschedule', 'unplan'];
const WORKABLE: OrderStatus[] = ['unplanned', 'planned', 'assigned', 'dispatched', 'ongoing'];

interface Pair {
  action: OrderAction;
  status: OrderStatus;
  expected: Expected | undefined;
}
const pairs: Pair[] = ACTIONS.flatMap((action) => STATUSES.map((status) => ({ action, status, expected: EXPECTED[action][status] })));
const allowed = pairs.filter((p): p is Pair & { expected: OrderStatus } => p.expected !== undefined && p.expected !== 'previous');
const forbidden = pairs.filter((p) => p.expected === undefined);

describe('order transition table', () => {
  it('has the 8 statuses and 10 actions the table is written for', () => {
    expect([...ORDER_STATUSES]).toEqual(STATUSES);
    expect([...ORDER_ACTIONS]).toEqual(ACTIONS);
    expect(pairs).toHaveLength(80);
  });

  // Tuples with %s: vitest quotes string values interpolated through $name.
  it.each(allowed.map((p) => [p.action, p.status, p.expected] as const))('%s from %s → %s', (action, status, expected) => {
    expect(canApply(status, action)).toBe(true);
    expect(nextStatus(status, action)).toBe(expected);
  });

  it.each(WORKABLE)('enable from disabled → %s (the status before disabling)', (before) => {
    expect(canApply('disabled', 'enable')).toBe(true);
    expect(nextStatus('disabled', 'enable', before)).toBe(before);
  });

  it.each(forbidden.map((p) => [p.action, p.status] as const))('%s from %s is refused', (action, status) => {
    expect(canApply(status, action)).toBe(false);
    let caught: unknown;
    try {
      nextStatus(status, action, 'assigned');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as DomainError;
    expect(err.code).toBe('invalid_transition');
    // Word boundaries so 'planned' is not satisfied by the text 'unplanned'.
    expect(err.message).toMatch(new RegExp(`\\b${status}\\b`));
    expect(err.details).toMatchObject({ status, action });
  });

  it('allows exactly the pairs written out here, no more', () => {
    // Compared with the live table, so a pair added to TRANSITIONS without a line above fails.
    const live = pairs.filter((p) => canApply(p.status, p.action)).map((p) => `${p.action}:${p.status}`);
    const written = pairs.filter((p) => p.expected !== undefined).map((p) => `${p.action}:${p.status}`);
    expect(live).toEqual(written);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });
});
