import { createCustomer } from '../../../services/bringg/customers.ts';
import { defineService } from '../context.ts';
import { CustomerResponse } from '../response-schemas.ts';
import { renderCustomer } from '../map.ts';
import { CustomerSchema, customerInput } from '../schemas.ts';

export const createCustomerService = defineService({
  name: 'create_customer',
  code: '89ad4e38',
  summary: 'Create a customer (a known external_id updates it)',
  body: CustomerSchema,
  response: { customer: CustomerResponse },
  run: async (ctx, caller, b) => ({ customer: renderCustomer(await createCustomer(ctx.deps, caller.accountId, customerInput(b))) }),
});
