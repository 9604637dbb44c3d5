import type { NewOrder } from '../../core/order/lifecycle.ts';

/** An order as a dialect hands it over; the service derives the region from the destination. */
export type OrderDraft = Omit<NewOrder, 'region'>;
