import { DomainError } from '../../core/errors.ts';
import type { OrderKey } from '../../core/order/types.ts';

export const orderNotFound = (key: OrderKey) => new DomainError('order_not_found', `Order not found for handle ${key.orderHandle}`, { ...key });
