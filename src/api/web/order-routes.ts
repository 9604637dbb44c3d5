import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CUSTOMER_KEYS } from '../../core/order/customer.ts';
import { ORDER_STATUSES } from '../../core/order/types.ts';
import { createOrders } from '../../services/orders/create-orders.ts';
import { getOrder, listOrders } from '../../services/orders/read-orders.ts';
import type { Deps } from '../../services/deps.ts';
import { renderOrderDetail, renderOrderRow } from './render.ts';
import { int4, isoTimestamp } from '../shared/storable.ts';

const ListQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  risk: z.enum(['at_risk', 'ok']).optional(),
  worker: z.string().min(1).max(512).optional(),
  from: isoTimestamp().optional(),
  to: isoTimestamp().optional(),
  q: z.string().max(200).optional(),
});

const Handle = z.object({ order_handle: z.string().min(1).max(512) });

const Create = z.object({
  order_handle: z.string().trim().min(1).max(200),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  address: z.string().max(500).optional(),
  radius: int4().min(10).max(5000).optional(),
  worker_handle: z.string().min(1).max(512).optional(),
  scheduled_at: isoTimestamp().optional(),
  customer_name: z.string().trim().max(200).optional(),
  customer_phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[\d\s().-]*$/, 'a phone number: digits, spaces, + ( ) . -')
    .optional(),
  instructions: z.string().trim().max(1000).optional(),
});

/** The board (filtered list), one order's detail, and order creation. */
export function registerOrderRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/app/api/orders', { schema: { hide: true, querystring: ListQuery } as object }, async (req) => {
    const q = req.query as z.infer<typeof ListQuery>;
    const { orders } = await listOrders(
      deps,
      req.accountId,
      {
        statuses: q.status ? [q.status] : undefined,
        riskStatus: q.risk ? q.risk === 'at_risk' : undefined,
        workerHandle: q.worker,
        searchTerm: q.q?.trim() || undefined,
        ranges: q.from || q.to ? [{ column: 'created_at', from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }] : undefined,
      },
      { limit: 500, direction: 'desc' },
    );
    return { orders: orders.map(renderOrderRow) };
  });

  app.get('/app/api/orders/:order_handle', { schema: { hide: true, params: Handle } as object }, async (req) => {
    const { order_handle } = req.params as z.infer<typeof Handle>;
    return renderOrderDetail(await getOrder(deps, req.accountId, { orderHandle: order_handle }));
  });

  app.post('/app/api/orders', { schema: { hide: true, body: Create } as object }, async (req, reply) => {
    const b = req.body as z.infer<typeof Create>;
    const { orders } = await createOrders(deps, req.accountId, {
      planMode: 'manual',
      workerHandle: b.worker_handle ?? null,
      orders: [
        {
          orderHandle: b.order_handle,
          type: 'drop',
          typeIndex: 0,
          destination: { geometry: { type: 'Point', coordinates: [b.lng, b.lat] }, radius: b.radius ?? 100, ...(b.address ? { address: b.address } : {}) },
          scheduledAt: b.scheduled_at ? new Date(b.scheduled_at) : null,
          scheduledAfter: null,
          expectedServiceTime: 0,
          capacityUsed: 1,
          priority: null,
          productType: null,
          metadata: Object.fromEntries(
            (
              [
                ['name', b.customer_name],
                ['phone', b.customer_phone],
                ['instructions', b.instructions],
              ] as const
            )
              .filter(([, v]) => v)
              .map(([k, v]) => [CUSTOMER_KEYS[k], v]),
          ),
          opsGroupHandle: null,
          trackMode: null,
          planMode: 'manual',
        },
      ],
    });
    reply.status(201);
    return renderOrderRow(orders[0]!);
  });
}
