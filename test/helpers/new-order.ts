import type { NewOrder } from '../../src/core/order/lifecycle.ts';

/** A plain drop-off as a create request gives it to the core; `extra` changes any field. */
export const newOrderDraft = (orderHandle: string, extra: Partial<NewOrder> = {}): NewOrder => ({
  orderHandle,
  type: 'drop',
  typeIndex: 0,
  destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] }, radius: 100 },
  scheduledAt: null,
  scheduledAfter: null,
  expectedServiceTime: 0,
  capacityUsed: 1,
  priority: null,
  productType: null,
  metadata: { customerID: '1' },
  opsGroupHandle: null,
  trackMode: null,
  planMode: 'manual',
  region: null,
  ...extra,
});
