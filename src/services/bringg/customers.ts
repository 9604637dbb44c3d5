import { DomainError } from '../../core/errors.ts';
import type { BringgCustomer } from '../../store/repos/bringg.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';

/** A customer as Bringg sends it; every field besides `external_id` is kept verbatim. */
export interface CustomerInput {
  externalId: string | null;
  details: Record<string, unknown>;
}

/**
 * create_customer with a known external_id updates that customer instead of adding a second one
 * (Bringg publishes no rule; external ids are the merchant's keys, so Dropline upserts — OURS).
 */
export async function upsertCustomer(_deps: Deps, repos: Repos, accountId: string, input: CustomerInput, now: Date): Promise<BringgCustomer> {
  const customer: BringgCustomer = {
    customerId: await repos.bringg.nextId('customer'),
    accountId,
    externalId: input.externalId,
    details: input.details,
    createdAt: now,
    updatedAt: now,
  };
  // One statement, so two requests naming the same new customer cannot both insert it.
  if (input.externalId !== null) return repos.bringg.upsertCustomer(customer);
  await repos.bringg.insertCustomer(customer);
  return customer;
}

export const createCustomer = (deps: Deps, accountId: string, input: CustomerInput) =>
  deps.store.transaction((repos) => upsertCustomer(deps, repos, accountId, input, deps.clock.now()));

export async function findCustomer(repos: Repos, accountId: string, ref: { customerId?: number | null; externalId?: string | null }) {
  const found =
    ref.customerId != null
      ? await repos.bringg.findCustomer(accountId, { customerId: ref.customerId })
      : ref.externalId != null
        ? await repos.bringg.findCustomer(accountId, { externalId: ref.externalId })
        : null;
  if (!found) throw new DomainError('order_not_found', 'Customer not found', { entity: 'customer', ...ref });
  return found;
}

/** Which customer update_customer changes: `id` or `external_id`; both must name the same one (reference §5 by analogy). */
export interface CustomerRef {
  customerId: number | null;
  externalId: string | null;
}

export const customerNotFound = (ref: CustomerRef) =>
  new DomainError('order_not_found', 'Customer not found', { entity: 'customer', customerId: ref.customerId, externalId: ref.externalId });

/**
 * update_customer: the sent fields are merged into the customer (the unsent ones stay), as
 * create_customer does for a known external_id. external_id names the customer, it is not renamed.
 */
export const updateCustomer = (deps: Deps, accountId: string, ref: CustomerRef, details: Record<string, unknown>) =>
  deps.store.transaction(async (repos) => {
    const by = ref.customerId !== null ? { customerId: ref.customerId } : ref.externalId !== null ? { externalId: ref.externalId } : null;
    if (!by) throw new DomainError('invalid_request', 'id or external_id is required', { field: 'id' });
    const customer = await repos.bringg.patchCustomer(accountId, by, details, deps.clock.now());
    if (!customer) throw customerNotFound(ref);
    if (ref.customerId !== null && ref.externalId !== null && ref.externalId !== customer.externalId) {
      // Both sent but naming different customers: refused, and the transaction undoes the patch.
      throw new DomainError('invalid_request', 'Wrong ID', { refusal: 'wrong_id' });
    }
    return customer;
  });
