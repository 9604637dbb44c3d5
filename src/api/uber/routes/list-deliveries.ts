import type { FastifyInstance } from 'fastify';
import { listDeliveries } from '../../../services/uber/read-deliveries.ts';
import type { UberContext } from '../context.ts';
import { renderDelivery } from '../map.ts';
import { parse } from '../parse.ts';
import { guarded } from '../guard.ts';
import { ListQuery } from '../schemas.ts';

/** Dropline's page size when `limit` is absent (Uber documents none; docs/uber-direct.md). */
const DEFAULT_LIMIT = 20;

export const registerListDeliveries = (app: FastifyInstance, ctx: UberContext) =>
  app.get(
    '/customers/:customer_id/deliveries',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'List Deliveries, newest first: filter (a status or ongoing), limit, offset (or Offset), next_href',
        security: [{ bearerAuth: [] }],
      },
      config: { query: ListQuery },
    },
    guarded(ctx, async (caller, req) => {
      const q = parse(ListQuery, req.query);
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
    }),
  );
