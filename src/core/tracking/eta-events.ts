import type { Estimate } from './eta.ts';

/** What an order remembers between estimates to decide its ETA events. */
export interface EtaEventState {
  /** The first ETA given (`initial_eta`); null until the first estimate. */
  initialEta: Date | null;
  /** The ETA last announced by first_eta or eta_change, not the latest computed one. */
  lastEta: Date | null;
  delayedNotified: boolean;
  minutesAwayNotified: boolean;
}

export const initialEtaEventState = (): EtaEventState => ({
  initialEta: null,
  lastEta: null,
  delayedNotified: false,
  minutesAwayNotified: false,
});

export interface EtaEventOptions {
  /** An ETA that moved by less than this (seconds) from the last announced one is not news. */
  minChangeSeconds: number;
  /** N of n_minutes_away. */
  minutesAway: number;
}

export const DEFAULT_ETA_EVENTS: EtaEventOptions = { minChangeSeconds: 60, minutesAway: 5 };

// Data fields as the HyperTrack order webhooks name them (skills webhooks.md, reference §8); the
// integrator adds order_handle, status, share_url and the envelope.
export type EtaEvent =
  | { value: 'first_eta'; remaining_distance: number; remaining_duration: number }
  | {
      value: 'eta_change';
      remaining_distance: number;
      remaining_duration: number;
      change_reason: 'position_update';
    }
  | { value: 'delayed'; arrive_at: string; scheduled_at: string; initial_eta: string }
  | { value: 'n_minutes_away'; remaining_distance: number; remaining_duration: number; remaining_minutes: number };

export interface EtaEventDecision {
  events: EtaEvent[];
  state: EtaEventState;
}

/**
 * The ETA events a new estimate fires, in this order, and the state to keep:
 * - `first_eta` on the first estimate, which also becomes `initial_eta`;
 * - `eta_change` when the ETA moved ≥ minChangeSeconds from the last announced ETA (comparing with
 *   the last announced one, not the last computed, so a slow drift is reported once it adds up);
 * - `delayed` the first time the ETA is after scheduled_at (once per order: the
 *   delayed_from_scheduled_at risk tracks the ups and downs after that);
 * - `n_minutes_away` the first time the remaining duration is at most N minutes (once, and also
 *   when the very first estimate is already that close — the customer still wants to know).
 * Only the Dropline default router exists, so every change is a `position_update`. No clock is
 * needed: the estimate already carries its arrival instant.
 */
export function decideEtaEvents(
  previous: EtaEventState,
  estimate: Estimate,
  scheduledAt: Date | null,
  opts: EtaEventOptions = DEFAULT_ETA_EVENTS,
): EtaEventDecision {
  const state = { ...previous };
  const events: EtaEvent[] = [];
  const eta = estimate.arriveAt;
  const remaining = { remaining_distance: estimate.distance, remaining_duration: estimate.duration };

  const announced = state.lastEta ?? state.initialEta;
  if (state.initialEta === null) {
    events.push({ value: 'first_eta', ...remaining });
    state.initialEta = eta;
    state.lastEta = eta;
  } else if (Math.abs(eta.getTime() - (announced as Date).getTime()) >= opts.minChangeSeconds * 1000) {
    events.push({ value: 'eta_change', ...remaining, change_reason: 'position_update' });
    state.lastEta = eta;
  }

  if (!state.delayedNotified && scheduledAt && eta > scheduledAt) {
    events.push({
      value: 'delayed',
      arrive_at: eta.toISOString(),
      scheduled_at: scheduledAt.toISOString(),
      initial_eta: (state.initialEta as Date).toISOString(),
    });
    state.delayedNotified = true;
  }

  if (!state.minutesAwayNotified && estimate.duration <= opts.minutesAway * 60) {
    events.push({ value: 'n_minutes_away', ...remaining, remaining_minutes: opts.minutesAway });
    state.minutesAwayNotified = true;
  }

  return { events, state };
}
