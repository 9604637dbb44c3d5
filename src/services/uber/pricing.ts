import { DEFAULT_PRICE_MODEL, type PriceModel } from '../../core/pricing.ts';
import { DomainError } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';

/** The account's price model; accounts made before the Uber dialect price with the default. */
export async function loadPricing(deps: Deps, accountId: string): Promise<PriceModel> {
  const account = await deps.store.repos.uber.findAccount({ accountId });
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
