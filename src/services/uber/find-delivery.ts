import { DomainError } from '../../core/errors.ts';
import type { UberDelivery } from '../../store/repos/uber.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { UberCaller } from './uber-auth.ts';

export const deliveryNotFound = (deliveryId: string) =>
  new DomainError('order_not_found', 'The requested delivery does not exist.', { entity: 'delivery', deliveryId });

/**
 * The caller's delivery. Live and test credentials see separate worlds, as Uber's dashboard
 * does: a test delivery does not exist for the live pair and vice versa (docs/uber-direct.md).
 */
export async function findOwnDelivery(repos: Repos, caller: UberCaller, deliveryId: string, opts: { forUpdate?: boolean } = {}): Promise<UberDelivery> {
  const d = await repos.uber.findDelivery(caller.accountId, { deliveryId }, opts);
  if (!d || d.liveMode !== caller.liveMode) throw deliveryNotFound(deliveryId);
  return d;
}
