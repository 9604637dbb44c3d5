import { DomainError } from '../../core/errors.ts';
import type { Delivery, DeliveryState } from '../../core/webhook.ts';
import type { Deps } from '../deps.ts';
import { loadEndpoint } from './endpoints.ts';

export interface DeliveryLogQuery {
  state?: DeliveryState;
  limit: number;
  beforeId?: string;
}

/** The delivery log of one endpoint, newest first. */
export async function listDeliveries(deps: Deps, accountId: string, endpointId: string, q: DeliveryLogQuery): Promise<Delivery[]> {
  const endpoint = await loadEndpoint(deps.store.repos, accountId, endpointId);
  return deps.store.repos.webhookOutbox.listDeliveries(endpoint.id, q);
}

const deliveryNotFound = (id: string) => new DomainError('delivery_not_found', `Delivery not found for id ${id}`);

/**
 * Manual retry of a dead-lettered or rejected delivery: due now, with a fresh retry horizon.
 * A pending one is simply made due now.
 */
export async function retryDelivery(deps: Deps, accountId: string, endpointId: string, deliveryId: string): Promise<Delivery> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const endpoint = await loadEndpoint(repos, accountId, endpointId);
    const found = await repos.webhookOutbox.findDelivery(endpoint.id, deliveryId);
    if (!found) throw deliveryNotFound(deliveryId);
    if (found.state === 'delivered') {
      throw new DomainError('invalid_request', 'The delivery already succeeded', { location: 'path', field: 'delivery_id' });
    }
    await repos.webhookOutbox.requeue(endpoint.id, found.id, now);
    return (await repos.webhookOutbox.findDelivery(endpoint.id, found.id))!;
  });
}
