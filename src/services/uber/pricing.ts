import { DEFAULT_PRICE_MODEL, MAX_FEE, type PriceModel, priceOf } from '../../core/pricing.ts';
import { uberRefusal } from './uber-refusal.ts';
import { DomainError } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';
import type { Repos } from '../../store/store.ts';

/** The account's price model; accounts made before the Uber dialect price with the default. */
export async function loadPricing(deps: Deps, accountId: string, repos: Repos = deps.store.repos): Promise<PriceModel> {
  const account = await repos.uber.findAccount({ accountId });
  return { ...DEFAULT_PRICE_MODEL, ...(account?.pricing ?? {}) };
}

/** Replaces the fields given; the rest keep their value. Applies to quotes and deliveries made afterwards. */
export async function updatePricing(deps: Deps, accountId: string, patch: Partial<PriceModel>): Promise<PriceModel> {
  return deps.store.transaction(async (repos) => {
    const account = await repos.uber.findAccount({ accountId });
    if (!account) throw new DomainError('invalid_request', 'The account has no Uber Direct credentials', { field: 'account' });
    const next = { ...DEFAULT_PRICE_MODEL, ...account.pricing, ...patch };
    await repos.uber.updatePricing(accountId, next);
    return next;
  });
}

/**
 * The fee of a pickup→dropoff leg plus the tip. A price model at its maximum rates over an
 * antipodal leg comes to billions of minor units: refused (the field that tipped it over is named)
 * rather than overflowing the fee column.
 */
export function feeOf(pricing: PriceModel, leg: { distance: number; duration: number }, tip = 0, quotedFee?: number): number {
  const fee = quotedFee ?? priceOf(pricing, { distanceMetres: leg.distance, durationSeconds: leg.duration });
  if (fee > MAX_FEE) {
    const why = `The delivery fee (${fee}) would exceed ${MAX_FEE} minor units: the pickup and dropoff are too far apart for the account's pricing.`;
    throw uberRefusal('invalid_params', why, { dropoff_address: why });
  }
  if (fee + tip > MAX_FEE) {
    const why = `The fee with this tip would exceed ${MAX_FEE} minor units.`;
    throw uberRefusal('invalid_params', why, { tip: why });
  }
  return fee + tip;
}
