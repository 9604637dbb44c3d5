import { updateCustomer } from '../../../services/bringg/customers.ts';
import { defineService } from '../context.ts';
import { CustomerResponse } from '../response-schemas.ts';
import { renderCustomer } from '../map.ts';
import { CustomerSchema, intId } from '../schemas.ts';

/**
 * Bringg names update_customer (reference §2) without a code or a body: the customer by `id` or
 * `external_id` (both must agree), every other field merged as create_customer stores them (OURS).
 */
const Body = CustomerSchema.extend({ id: intId.nullish() }).refine((b) => (b.id ?? b.external_id) != null, {
  message: 'id or external_id is required',
  path: ['id'],
});

export const updateCustomerService = defineService({
  name: 'update_customer',
  code: null,
  summary: "Change a customer's fields (by id or external_id)",
  body: Body,
  response: { customer: CustomerResponse },
  run: async (ctx, caller, b) => {
    const { id, external_id, ...details } = b;
    const ref = { customerId: id ?? null, externalId: external_id ?? null };
    return { customer: renderCustomer(await updateCustomer(ctx.deps, caller.accountId, ref, details)) };
  },
});
