import { uberRefusal } from './uber-refusal.ts';

export interface RequestedWindows {
  pickupReady: Date | null;
  pickupDeadline: Date | null;
  dropoffReady: Date | null;
  dropoffDeadline: Date | null;
}

export interface Windows {
  pickupReady: Date;
  pickupDeadline: Date;
  dropoffReady: Date;
  dropoffDeadline: Date;
  /** No window was asked for: the courier is dispatched at once (reference §5). */
  asap: boolean;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
// Client clocks drift; "in the past" allows a minute.
const CLOCK_SLACK = MIN;

const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/**
 * Uber's window rules (reference §5, codes §9), checked in the reference's order, then the missing
 * ends filled: pickup from now with a 30-minute window, dropoff from the pickup window's start
 * to the pickup deadline plus the drive plus 20 minutes (docs/uber-direct.md "Time windows").
 */
export function resolveWindows(req: RequestedWindows, now: Date, legSeconds: number): Windows {
  const pickupReady = req.pickupReady ?? now;
  if (req.pickupReady && pickupReady.getTime() < now.getTime() - CLOCK_SLACK) {
    throw uberRefusal('pickup_ready_too_early', 'The pickup ready time cannot be in the past.');
  }
  if (pickupReady.getTime() > now.getTime() + 30 * DAY) {
    throw uberRefusal('pickup_ready_too_late', 'The pickup ready time needs to be within the next 30 days.');
  }
  const pickupDeadline = req.pickupDeadline ?? plus(pickupReady, 30 * MIN);
  if (pickupDeadline.getTime() - pickupReady.getTime() < 10 * MIN) {
    throw uberRefusal('pickup_window_too_small', 'The pickup window needs to be at least 10 minutes long.');
  }
  if (pickupDeadline.getTime() < now.getTime() + 20 * MIN - CLOCK_SLACK) {
    throw uberRefusal('pickup_deadline_too_early', 'The pickup deadline time needs to be at least 20 minutes from now.');
  }
  const dropoffReady = req.dropoffReady ?? pickupReady;
  if (dropoffReady > pickupDeadline) {
    throw uberRefusal('dropoff_ready_after_pickup_deadline', 'The dropoff ready time needs to be at or before the pickup deadline.');
  }
  const dropoffDeadline = req.dropoffDeadline ?? plus(pickupDeadline, Math.round(legSeconds) * 1000 + 20 * MIN);
  if (dropoffDeadline.getTime() - dropoffReady.getTime() < 20 * MIN) {
    throw uberRefusal('dropoff_deadline_too_early', 'The dropoff deadline needs to be at least 20 minutes after the dropoff ready time.');
  }
  if (dropoffDeadline < pickupDeadline) {
    throw uberRefusal('dropoff_deadline_before_pickup_deadline', 'The dropoff deadline needs to be after the pickup deadline.');
  }
  const asap = !req.pickupReady && !req.pickupDeadline && !req.dropoffReady && !req.dropoffDeadline;
  return { pickupReady, pickupDeadline, dropoffReady, dropoffDeadline, asap };
}
