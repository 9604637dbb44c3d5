import type { FastifyInstance } from 'fastify';
import { listDeliveries } from '../../../services/uber/read-deliveries.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderDelivery } from '../map.ts';
import { DeliveryListResponse, uberErrors } from '../response-schemas.ts';
import { CustomerParams, ListQuery } from '../schemas.ts';

/** Dropline's page size when `limit` is absent (Uber documents none; docs/uber-direct.md). */
const DEFAULT_LIMIT = 20;

export const registerListDeliveries = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/customers/:customer_id/deliveries',
    schema: {
      tags: ['Uber Direct'],
      summary: 'List Deliveries, newest first: filter (a status or ongoing), limit, offset (or Offset), next_href',
      security: [{ bearerAuth: [] }],
      params: CustomerParams,
      querystring: ListQuery,
      response: { 200: DeliveryListResponse, ...uberErrors },
    },
    auth: uberAuth(ctx),
    handler: async (req) => {
      const caller = callerOf(req);
      const q = req.query;
      const offset = q.offset ?? q.Offset ?? 0;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const page = await listDeliveries(ctx.deps, caller, { filter: q.filter ?? null, offset, limit });
      const next = new URLSearchParams({ ...(q.filter ? { filter: q.filter } : {}), limit: String(limit), offset: String(offset + limit) });
      return {
        data: page.deliveries.map((v) => renderDelivery(v, ctx.publicUrl)),
        // Uber: next_href is empty on the last page; total_count is always -1 (deprecated).
        next_href: page.hasMore ? `${ctx.publicUrl}/v1/customers/${caller.customerId}/deliveries?${next}` : '',
        total_count: -1,
      };
    },
  });
