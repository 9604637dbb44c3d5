import { z } from 'zod';
import { type GeohashCell, geohashCell } from '../../../core/geohash.ts';
import { ORDER_STATUSES, PLAN_MODES, TRACK_MODES } from '../../../core/order/types.ts';
import { listOrders } from '../../../services/orders/read-orders.ts';
import type { DatedColumn, OrderFilter } from '../../../store/repos/order.repo.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderListedOrder } from '../map.ts';
import { decodeToken, encodeToken } from '../pagination-token.ts';
import { commonErrors } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { calendarDate, isExistingDateTime, queryInt4 } from '../../shared/storable.ts';
import { jsonObject, refuse } from '../json-query.ts';

const DATED: DatedColumn[] = ['created_at', 'planned_at', 'scheduled_at', 'completed_at', 'cancelled_at', 'rescheduled_marked_at'];
const STATUS_FILTER = [...ORDER_STATUSES, 'rescheduled'] as const;

const day = calendarDate();
// HyperTrack documents `YYYY-MM-DD HH:mm:ss` (UTC); ISO 8601 is accepted too.
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, 'Expected YYYY-MM-DD HH:mm:ss')
  .refine(isExistingDateTime, 'Expected an existing date and time, YYYY-MM-DD HH:mm:ss');

// The `*_without_tz` filters mean "that wall-clock time in any timezone": UTC offsets run from
// -12:00 to +14:00, so a local instant T is somewhere between T-14h and T+12h in UTC.
const EARLIEST_OFFSET_MS = 14 * 3_600_000;
const LATEST_OFFSET_MS = 12 * 3_600_000;
const WITHOUT_TZ: DatedColumn[] = ['scheduled_at', 'completed_at', 'created_at'];

const dayOrInstant = z.union([day, instant]);
const bool = z.enum(['true', 'false']);

/** Only the default, which Dropline honours: a `true` would ask for data Dropline does not keep. */
const onlyFalse = (what: string) => bool.refine((v) => v === 'false', `Dropline does not provide ${what}`);

const Filters = z.object({
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
  region_filter: z.string().optional(),
  worker_profile_filter: z.string().optional(),
  destination_geohash: z.string().optional(),
  tracking_status: z.enum(['tracked', 'untracked']).optional(),
  worker_inside_destination: bool.optional(),
  device_switch_mode: z
    .enum(['manual', 'login', 'closest_to_destination'])
    .refine((v) => v === 'manual', 'Dropline tracks every order with the device chosen when tracking starts (manual); it never switches devices')
    .optional(),
  place_handle: z
    .string()
    .refine(() => false, 'Dropline has no places: destinations are geometries or addresses')
    .optional(),
  filter_outage_category: z
    .string()
    .refine(() => false, 'Dropline records no outage categories')
    .optional(),
  aggregate: onlyFalse('aggregated order data').optional(),
  send_outage: onlyFalse('outage aggregation').optional(),
});

/** The date filters, each optional; typed loosely (as strings) through ListQuery. */
const DATE_FILTERS: Record<string, z.ZodType<string | undefined>> = {
  ...Object.fromEntries(
    [...DATED, 'route_started_at'].flatMap((c) => [
      [`${c}_date`, day.optional()],
      [`${c}_from`, instant.optional()],
      [`${c}_to`, instant.optional()],
    ]),
  ),
  ...Object.fromEntries(
    WITHOUT_TZ.flatMap((c) => [
      [`${c}_date_without_tz`, day.optional()],
      [`${c}_without_tz_from`, dayOrInstant.optional()],
      [`${c}_without_tz_to`, dayOrInstant.optional()],
    ]),
  ),
};
const Query = z.object({ ...Filters.shape, ...DATE_FILTERS });
type ListQuery = z.infer<typeof Filters> & Record<string, string | undefined>;

const utc = (s: string) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);

const REGION_KEYS = ['city', 'state', 'country'];
function regionFilter(raw: string | undefined): OrderFilter['region'] {
  const v = jsonObject(raw, 'region_filter', '{"city":"Detroit"}');
  if (v === undefined) return undefined;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => REGION_KEYS.includes(k) && typeof v[k] === 'string')) {
    throw refuse('region_filter', 'Expected string values for city, state or country, e.g. {"city":"Detroit"}');
  }
  return v as OrderFilter['region'];
}

function destinationCell(raw: string | undefined): GeohashCell | undefined {
  if (raw === undefined) return undefined;
  const cell = geohashCell(raw);
  if (!cell) throw refuse('destination_geohash', 'Expected a geohash: 1 to 12 characters of 0-9 and b-z without a, i, l, o');
  return cell;
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const dayStart = (d: string) => new Date(`${d}T00:00:00Z`);
const nextDay = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);
const shift = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** A column's UTC window from its `_date`, `_from` and `_to` filters; null when none is given. */
function window(q: ListQuery, column: string): { from?: Date; to?: Date } | null {
  const d = q[`${column}_date`];
  const from = d ? dayStart(d) : q[`${column}_from`] ? utc(q[`${column}_from`]!) : undefined;
  const to = d ? nextDay(d) : q[`${column}_to`] ? utc(q[`${column}_to`]!) : undefined;
  return from || to ? { from, to } : null;
}

/**
 * The `*_without_tz` window: the wall-clock day or times in whatever timezone, i.e. widened by the
 * extreme UTC offsets. A bare date as `_to` includes that whole day.
 */
function windowWithoutTz(q: ListQuery, column: string): { from?: Date; to?: Date } | null {
  const d = q[`${column}_date_without_tz`];
  const rawFrom = q[`${column}_without_tz_from`];
  const rawTo = q[`${column}_without_tz_to`];
  const from = d ? dayStart(d) : rawFrom ? (isDay(rawFrom) ? dayStart(rawFrom) : utc(rawFrom)) : undefined;
  const to = d ? nextDay(d) : rawTo ? (isDay(rawTo) ? nextDay(rawTo) : utc(rawTo)) : undefined;
  if (!from && !to) return null;
  return { from: from && shift(from, -EARLIEST_OFFSET_MS), to: to && shift(to, LATEST_OFFSET_MS) };
}

function toFilter(q: ListQuery): OrderFilter {
  const statuses = q.status?.split(',').map((s) => s.trim());
  const ranges = [
    ...DATED.flatMap((column) => {
      const w = window(q, column);
      return w ? [{ column, ...w }] : [];
    }),
    ...WITHOUT_TZ.flatMap((column) => {
      const w = windowWithoutTz(q, column);
      return w ? [{ column, ...w }] : [];
    }),
  ];
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
    metadata: jsonObject(q.order_metadata_filter, 'order_metadata_filter', '{"customerID":"12654"}'),
    searchTerm: q.search_term,
    ranges,
    region: regionFilter(q.region_filter),
    workerProfile: jsonObject(q.worker_profile_filter, 'worker_profile_filter', '{"zoneId":"4"}'),
    tracked: q.tracking_status === undefined ? undefined : q.tracking_status === 'tracked',
    destinationCell: destinationCell(q.destination_geohash),
    workerInsideDestination: q.worker_inside_destination === undefined ? undefined : q.worker_inside_destination === 'true',
    hasDevice: q.device_switch_mode === 'manual' ? true : undefined,
    routeStarted: window(q, 'route_started_at') ?? undefined,
  };
}

type Cursor = [string, string, 'asc' | 'desc'];
const isCursor = (v: unknown): v is Cursor =>
  Array.isArray(v) && v.length === 3 && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && (v[2] === 'asc' || v[2] === 'desc');

export const registerListOrders = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders',
    schema: {
      tags: ['Orders'],
      summary: 'List and filter orders',
      description:
        'Sorted by creation time (`sort_direction`, default desc). Pass the returned `pagination_token` to get the ' +
        'next page; it is null on the last page. Dates are UTC.',
      querystring: Query,
      response: { 200: z.object({ orders: z.array(OrderResponse), pagination_token: z.string().nullable() }), ...commonErrors },
    },
    handler: async (req) => {
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
  });
