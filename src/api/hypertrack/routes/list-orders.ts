import { z } from 'zod';
import { DomainError } from '../../../core/errors.ts';
import { ORDER_STATUSES, PLAN_MODES, TRACK_MODES } from '../../../core/order/types.ts';
import { listOrders } from '../../../services/orders/read-orders.ts';
import type { DatedColumn, OrderFilter } from '../../../store/repos/order.repo.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderListedOrder } from '../map.ts';
import { decodeToken, encodeToken } from '../pagination-token.ts';
import { commonErrors, OrderResponse } from '../schemas.ts';
import { calendarDate, isExistingDateTime, queryInt4 } from '../../shared/storable.ts';

const DATED: DatedColumn[] = ['created_at', 'planned_at', 'scheduled_at', 'completed_at', 'cancelled_at', 'rescheduled_marked_at'];
const STATUS_FILTER = [...ORDER_STATUSES, 'rescheduled'] as const;

const day = calendarDate();
// HyperTrack documents `YYYY-MM-DD HH:mm:ss` (UTC); ISO 8601 is accepted too.
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, 'Expected YYYY-MM-DD HH:mm:ss')
  .refine(isExistingDateTime, 'Expected an existing date and time, YYYY-MM-DD HH:mm:ss');

const Query = z.object({
  status: z
    .string()
    .refine((s) => s.split(',').every((v) => (STATUS_FILTER as readonly string[]).includes(v.trim())), {
      message: `Comma-separated values of ${STATUS_FILTER.join(', ')}`,
    })
    .optional(),
  worker_handle: z.string().optional(),
  driver_handle: z.string().optional(),
  device_id: z.string().optional(),
  route_handle: z.string().optional(),
  ops_group_handle: z.string().optional(),
  plan_id: z.string().optional(),
  track_mode: z.enum(TRACK_MODES).optional(),
  plan_mode: z.enum(PLAN_MODES).optional(),
  fulfillment_attempt: queryInt4().min(0).optional(),
  risk_status: z.enum(['true', 'false']).optional(),
  search_term: z.string().optional(),
  order_metadata_filter: z.string().optional(),
  sort_direction: z.enum(['asc', 'desc']).optional(),
  limit: queryInt4().min(1).max(1000).optional(),
  pagination_token: z.string().optional(),
  ...Object.fromEntries(
    DATED.flatMap((c) => [
      [`${c}_date`, day.optional()],
      [`${c}_from`, instant.optional()],
      [`${c}_to`, instant.optional()],
    ]),
  ),
});
type ListQuery = z.infer<typeof Query> & Record<string, string | undefined>;

const utc = (s: string) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);

function metadataFilter(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // reported below
  }
  throw new DomainError('invalid_request', 'Expected a JSON object, e.g. {"customerID":"12654"}', {
    location: 'query',
    field: 'order_metadata_filter',
  });
}

function toFilter(q: ListQuery): OrderFilter {
  const statuses = q.status?.split(',').map((s) => s.trim());
  const ranges = DATED.flatMap((column) => {
    const d = q[`${column}_date`];
    const from = d ? new Date(`${d}T00:00:00Z`) : q[`${column}_from`] ? utc(q[`${column}_from`]!) : undefined;
    const to = d ? new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000) : q[`${column}_to`] ? utc(q[`${column}_to`]!) : undefined;
    return from || to ? [{ column, from, to }] : [];
  });
  return {
    statuses: statuses?.filter((s) => s !== 'rescheduled') as OrderFilter['statuses'],
    rescheduled: statuses?.includes('rescheduled'),
    workerHandle: q.worker_handle ?? q.driver_handle,
    deviceId: q.device_id,
    routeHandle: q.route_handle,
    opsGroupHandle: q.ops_group_handle,
    planId: q.plan_id,
    trackMode: q.track_mode,
    planMode: q.plan_mode,
    fulfillmentAttempt: q.fulfillment_attempt,
    riskStatus: q.risk_status === undefined ? undefined : q.risk_status === 'true',
    metadata: metadataFilter(q.order_metadata_filter),
    searchTerm: q.search_term,
    ranges,
  };
}

type Cursor = [string, string, 'asc' | 'desc'];
const isCursor = (v: unknown): v is Cursor =>
  Array.isArray(v) && v.length === 3 && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && (v[2] === 'asc' || v[2] === 'desc');

export const registerListOrders = (app: HtApp, ctx: HtContext) =>
  app.get(
    '/orders',
    {
      schema: {
        tags: ['Orders'],
        summary: 'List and filter orders',
        description:
          'Sorted by creation time (`sort_direction`, default desc). Pass the returned `pagination_token` to get the ' +
          'next page; it is null on the last page. Dates are UTC.',
        querystring: Query,
        response: { 200: z.object({ orders: z.array(OrderResponse), pagination_token: z.string().nullable() }), ...commonErrors },
      },
    },
    async (req) => {
      const q = req.query as ListQuery;
      const token = q.pagination_token ? decodeToken(q.pagination_token, isCursor) : null;
      const direction = token?.[2] ?? q.sort_direction ?? 'desc';
      const page = await listOrders(ctx.deps, req.accountId, toFilter(q), {
        limit: q.limit ?? 100,
        direction,
        after: token ? { createdAt: new Date(token[0]), id: token[1] } : undefined,
      });
      const rc = { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() };
      return {
        orders: page.orders.map((o) => renderListedOrder(o, rc)),
        pagination_token: page.next ? encodeToken([page.next.createdAt.toISOString(), page.next.id, direction]) : null,
      };
    },
  );
