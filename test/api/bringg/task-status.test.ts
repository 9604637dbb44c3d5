import { describe, expect, it } from 'vitest';
import { bringgStatus, type StopState } from '../../../src/api/bringg/task-status.ts';
import type { OrderStatus } from '../../../src/core/order/types.ts';

const stop = (status: OrderStatus, extra: Partial<StopState> = {}): StopState => ({
  status,
  statusBeforeDisable: null,
  checkedIn: false,
  ...extra,
});

describe('bringgStatus (reference §8)', () => {
  it.each<[string, StopState[], number]>([
    ['new: nothing assigned', [stop('unplanned'), stop('unplanned')], 0],
    ['new: planned on a route without a driver', [stop('planned')], 0],
    ['assigned', [stop('assigned'), stop('assigned')], 1],
    ['dispatched counts as assigned', [stop('dispatched')], 1],
    ['on the way', [stop('ongoing'), stop('ongoing')], 2],
    ['checked in at the active way point', [stop('ongoing', { checkedIn: true }), stop('ongoing')], 3],
    ['first way point done, on the way to the second', [stop('completed'), stop('ongoing')], 2],
    ['checked in at the second way point', [stop('completed'), stop('ongoing', { checkedIn: true })], 3],
    ['done: every stop completed', [stop('completed'), stop('completed')], 4],
    ['cancelled: every stop cancelled', [stop('cancelled'), stop('cancelled')], 7],
    ['cancelled after the pickup', [stop('completed'), stop('cancelled')], 7],
    ['done when the drop-off completed', [stop('cancelled'), stop('completed')], 4],
    ['a disabled stop shows its status before disabling', [stop('disabled', { statusBeforeDisable: 'assigned' })], 1],
    ['a disabled stop with no earlier status is new', [stop('disabled')], 0],
  ])('%s → %i', (_name, stops, expected) => {
    expect(bringgStatus(stops)).toBe(expected);
  });
});
