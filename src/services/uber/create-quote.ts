import type { PriceModel } from '../../core/pricing.ts';
import { feeOf } from './pricing.ts';
import type { UberQuote } from '../../store/repos/uber.repo.ts';
import type { Deps } from '../deps.ts';
import type { PlaceInput } from './places.ts';
import type { RequestedWindows } from './time-windows.ts';
import { planTrip } from './trip-plan.ts';
import type { UberCaller } from './uber-auth.ts';
import { tokenize } from './uber-ids.ts';

/** Uber: a quote is valid 15 minutes (reference §4). */
export const QUOTE_MS = 15 * 60_000;

export interface QuoteInput {
  pickup: PlaceInput;
  dropoff: PlaceInput;
  windows: RequestedWindows;
}

export interface QuoteView {
  quote: UberQuote;
  /** Minutes until a courier is at the pickup. */
  pickupDuration: number;
  /** Minutes until the dropoff. */
  duration: number;
  dropoffEta: Date;
  dropoffDeadline: Date;
}

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

export function quoteTimes(pricing: PriceModel, legSeconds: number, start: Date) {
  const pickupAt = new Date(start.getTime() + pricing.pickupMinutes * 60_000);
  return { pickupAt, dropoffAt: new Date(pickupAt.getTime() + legSeconds * 1000) };
}

/** Prices the pickup→dropoff leg with the account's model and keeps the quote for a create to use. */
export async function createQuote(deps: Deps, caller: UberCaller, input: QuoteInput): Promise<QuoteView> {
  const now = deps.clock.now();
  const { pickup, dropoff, leg, windows, pricing } = await planTrip(deps, caller.accountId, input, now);
  const quote: UberQuote = {
    quoteId: tokenize('dqt', deps.ids.uuid()),
    accountId: caller.accountId,
    organizationId: caller.customerId,
    liveMode: caller.liveMode,
    fee: feeOf(pricing, leg),
    currency: pricing.currency,
    route: { pickup, dropoff, distance: leg.distance, duration: leg.duration },
    createdAt: now,
    expiresAt: new Date(now.getTime() + QUOTE_MS),
    deliveryId: null,
  };
  await deps.store.repos.uber.insertQuote(quote);
  const start = windows.pickupReady > now ? windows.pickupReady : now;
  const times = quoteTimes(pricing, leg.duration, start);
  return {
    quote,
    pickupDuration: minutes((times.pickupAt.getTime() - now.getTime()) / 1000),
    duration: minutes((times.dropoffAt.getTime() - now.getTime()) / 1000),
    dropoffEta: times.dropoffAt,
    dropoffDeadline: windows.dropoffDeadline,
  };
}
