/**
 * What a delivery costs an account (Uber dialect, docs/uber-direct.md "Pricing"): a base fee plus
 * a rate per kilometre and per minute of the pickup→dropoff leg, in integer minor units.
 */
export interface PriceModel {
  baseFee: number;
  perKm: number;
  perMinute: number;
  /** Lower-case ISO 4217, as Uber prints it. */
  currency: string;
  /** Minutes from request to a courier at the pickup, used before a courier is assigned. */
  pickupMinutes: number;
}

export const DEFAULT_PRICE_MODEL: PriceModel = { baseFee: 500, perKm: 100, perMinute: 20, currency: 'usd', pickupMinutes: 10 };

/** The largest fee (tip included) in minor units: the int4 columns fees and tips are kept in. */
export const MAX_FEE = 2_147_483_647;

/** The fee of a leg, rounded to a whole minor unit; never negative. */
export function priceOf(model: PriceModel, leg: { distanceMetres: number; durationSeconds: number }): number {
  const fee = model.baseFee + (model.perKm * leg.distanceMetres) / 1000 + (model.perMinute * leg.durationSeconds) / 60;
  return Math.max(0, Math.round(fee));
}
