import type { OrderStatus } from './types.ts';

/** Named status sets; every rule about "which orders can…" reads one of these. */
const TERMINAL: ReadonlySet<OrderStatus> = new Set(['completed', 'cancelled']);
const WORKABLE: ReadonlySet<OrderStatus> = new Set(['unplanned', 'planned', 'assigned', 'dispatched', 'ongoing']);

/** Completed or cancelled: nothing more happens to this attempt. */
export const isTerminal = (s: OrderStatus): boolean => TERMINAL.has(s);
/** Not finished and not parked: planning, assignment and tracking apply. */
export const isWorkable = (s: OrderStatus): boolean => WORKABLE.has(s);
/** The device's locations count toward this order. */
export const isTracking = (s: OrderStatus): boolean => s === 'ongoing';
/** Not finished: at most one such attempt exists per (handle, type, type_index). */
export const isOpen = (s: OrderStatus): boolean => !TERMINAL.has(s);
