import type { Order, OrderKey } from '../../core/order/types.ts';
import type { OrderCursor, OrderFilter } from '../../store/repos/order.repo.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { orderNotFound } from './order-not-found.ts';

export async function getOrder(deps: Deps, accountId: string, key: OrderKey): Promise<OrderView> {
  const found = await deps.store.repos.orders.findWithTimeline(accountId, key);
  if (!found) throw orderNotFound(key);
  return found;
}

export const getOrderByShareCode = (deps: Deps, shareCode: string): Promise<OrderView | null> => deps.store.repos.orders.findByShareCode(shareCode);

/** One page in (created_at, id) order; `next` is set only when a further page exists. */
export async function listOrders(
  deps: Deps,
  accountId: string,
  filter: OrderFilter,
  page: { limit: number; direction: 'asc' | 'desc'; after?: OrderCursor },
): Promise<{ orders: Order[]; next: OrderCursor | null }> {
  const rows = await deps.store.repos.orders.list(accountId, filter, { ...page, limit: page.limit + 1 });
  const more = rows.length > page.limit;
  const orders = more ? rows.slice(0, page.limit) : rows;
  const last = orders.at(-1);
  return { orders, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}
