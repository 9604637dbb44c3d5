import { z } from 'zod';
import { ORDER_STATUSES, ORDER_TYPES, PLAN_MODES, PLANNING_FAILURE_REASONS, PRIORITIES, RISK_KEYS, TRACK_MODES } from '../../core/order/types.ts';
import { ROUTE_STATUSES } from '../../core/route.ts';
import { DAYS_OF_WEEK } from '../../core/worker.ts';
import { int4 } from '../shared/storable.ts';
import { TaskResponse } from './task-schemas.ts';

// The bodies map.ts renders, closed: every key is listed with its type and an undocumented one
// fails the response check (route-schemas.ts), so /openapi.json cannot drift from them. Keys
// follow seeds 000 and 002 and reference §5, §7, §10, §11.

const instant = z.iso.datetime();
const position = z.array(z.number()).min(2);
const point = z.strictObject({ type: z.literal('Point'), coordinates: position });
const polygon = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) });
const lineString = z.strictObject({ type: z.literal('LineString'), coordinates: z.array(position) });
const located = z.strictObject({ geometry: point, recorded_at: instant });

// The client's own keys (HyperTrack documents `metadata` and a worker's `profile` as free JSON).
const freeJson = z.record(z.string(), z.unknown());

const riskLevel = z.enum(['green', 'yellow', 'red']);

/** A recorded fix: [lng, lat, altitude or null, recorded_at] (seed 000's polyline). */
const trackPoint = z.tuple([z.number(), z.number(), z.number().nullable(), instant]);

// Timeline entries (reference §7), one closed shape per type: the fields core/order/timeline.ts,
// core/driver/driver-events.ts and core/tracking write. A null route_handle / driver_handle is an
// order off any route / without a worker at the time.
const onRoute = { order_handle: z.string(), route_handle: z.string().nullable(), fulfillment_attempt: int4() };
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), recorded_at: instant, ...shape });
const activity = z.enum(['stop', 'drive', 'walk']);

export const TimelineEventResponse = z.discriminatedUnion('type', [
  event('order_created', { order_handle: z.string(), metadata: freeJson }),
  event('order_planned', onRoute),
  event('order_assigned', { order_handle: z.string(), driver_handle: z.string().nullable(), fulfillment_attempt: int4() }),
  event('order_dispatched', onRoute),
  event('order_started', { ...onRoute, order_type: z.enum(ORDER_TYPES) }),
  event('order_disabled', onRoute),
  event('order_enabled', onRoute),
  event('order_cancelled', onRoute),
  event('order_completed', { order_handle: z.string(), route_handle: z.string().nullable(), order_type: z.enum(ORDER_TYPES) }),
  event('order_rescheduled', {
    order_handle: z.string(),
    fulfillment_attempt: int4(),
    next_fulfillment_attempt: int4(),
    scheduled_at: instant.nullable(),
  }),
  event('order_updated', { order_handle: z.string(), fulfillment_attempt: int4(), fields: z.array(z.string()) }),
  event('order_accepted', { order_handle: z.string(), driver_handle: z.string().nullable(), fulfillment_attempt: int4() }),
  event('order_rejected', { order_handle: z.string(), driver_handle: z.string(), fulfillment_attempt: int4(), reason: z.string().nullable() }),
  event('order_driver_arrived', { ...onRoute, location: located.nullable() }),
  event('order_geofence_entered', { ...onRoute, location: located }),
  event('order_geofence_exited', { ...onRoute, location: located }),
  event('driver_activity_started', { driver_handle: z.null(), activity, location: located, address: z.string().nullable() }),
  event('driver_activity_ended', {
    driver_handle: z.null(),
    activity,
    location: located,
    distance: int4().nullable(),
    duration: int4(),
    steps: int4(),
  }),
]);

/** A live ETA (arrive_at, distance, duration), a plan run's (with start_by) or a route sequence's arrival alone. */
const orderEstimate = z.strictObject({
  start_by: instant.optional(),
  arrive_at: instant,
  distance: int4().optional(),
  duration: int4().optional(),
});

/** The native order object: keys as in seeds 000/002, absent where they do not apply (reference §5). */
export const OrderResponse = z.strictObject({
  order_handle: z.string(),
  fulfillment_attempt: int4(),
  status: z.enum(ORDER_STATUSES),
  destination: z.strictObject({ geometry: z.union([point, polygon]), address: z.string().optional(), radius: int4().optional() }),
  ops_group_handle: z.string().optional(),
  track_mode: z.enum(TRACK_MODES).optional(),
  plan_mode: z.enum(PLAN_MODES),
  risk_status: z.boolean().optional(),
  risks: z.strictObject(Object.fromEntries(RISK_KEYS.map((k) => [k, riskLevel])) as Record<(typeof RISK_KEYS)[number], typeof riskLevel>),
  scheduled_at: instant.optional(),
  scheduled_after: instant.optional(),
  started_at: instant.optional(),
  type: z.enum(ORDER_TYPES),
  type_index: int4(),
  expected_service_time: int4(),
  actual_service_time: int4(),
  tracked_service_time: int4(),
  capacity_used: int4(),
  priority: z.enum(PRIORITIES).optional(),
  product_type: z.array(z.string()).optional(),
  metadata: freeJson,
  region: z.strictObject({ country: z.string(), state: z.string().optional(), city: z.string().optional() }).optional(),
  share_url: z.string(),
  cancelled_at: instant.optional(),
  completed_at: instant.optional(),
  disabled_at: instant.optional(),
  enabled_at: instant.optional(),
  rescheduled_marked_at: instant.optional(),
  device_id: z.string().optional(),
  worker_handle: z.string().optional(),
  created_at: instant,
  assigned_at: instant.optional(),
  route_handle: z.string().optional(),
  planned_at: instant.optional(),
  plan_id: z.string().optional(),
  planning_failure_reason: z.enum(PLANNING_FAILURE_REASONS).optional(),
  distance: int4().optional(),
  duration: int4().optional(),
  tracking_rate: z.number().optional(),
  polyline: z.strictObject({ type: z.literal('LineString'), coordinates: z.array(trackPoint) }).optional(),
  start_location: point.optional(),
  end_location: point.optional(),
  estimate: orderEstimate.optional(),
  arrived_at: instant.optional(),
  exited_at: instant.optional(),
  visited_destination: z.boolean(),
  completed_at_destination: z.boolean().optional(),
  deviation_from_destination: int4().optional(),
  cancelled_at_destination: z.boolean().optional(),
  previous_fulfillments: z.array(z.strictObject({ order_handle: z.string(), fulfillment_attempt: int4() })).optional(),
  tasks: z.array(TaskResponse).optional(),
  timeline: z.array(TimelineEventResponse).optional(),
  // On an order inside a route or a list (map.ts renderListedOrder).
  embed_url: z.string().optional(),
});

/** RouteDetail (reference §10). */
export const RouteResponse = z.strictObject({
  route_handle: z.string(),
  status: z.enum(ROUTE_STATUSES),
  version: int4(),
  created_at: instant,
  embed_url: z.string(),
  orders: z.array(OrderResponse),
  ops_group_handle: z.string(),
  track_mode: z.enum(TRACK_MODES).optional(),
  plan_mode: z.enum(PLAN_MODES),
  started_at: instant.optional(),
  assigned_at: instant.optional(),
  planned_at: instant.optional(),
  completed_at: instant.optional(),
  device_id: z.string().optional(),
  worker_handle: z.string().optional(),
  metadata: freeJson,
  plan_id: z.string().nullable(),
  distance: int4().optional(),
  duration: int4().optional(),
  estimate: z
    .strictObject({ start_by: instant, distance: int4(), duration: int4(), polyline: lineString, start_location: point, end_location: point })
    .optional(),
});

/** GET /orders/estimate's answer: the route estimate alone (map.ts renderEstimate). */
export const RouteEstimateResponse = RouteResponse.shape.estimate.unwrap();

const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const shift = { start_time: hhmm, end_time: hhmm, ops_group_handle: z.string().nullable(), priority: z.null() };

/** The worker object (reference §11; DriverRecurringSchedule / DriverDateSchedule for `schedule`). */
export const WorkerResponse = z.strictObject({
  worker_handle: z.string(),
  name: z.string().nullable(),
  ops_group_handle: z.string(),
  product_types: z.array(z.string()),
  device_id: z.string().nullable(),
  devices: z.array(z.strictObject({ device_id: z.string() })),
  profile: freeJson,
  home: z.strictObject({ address: z.string().nullable(), geometry: point }).nullable(),
  // Left out with GET /workers include_schedule=false.
  schedule: z.array(z.union([z.strictObject({ date: z.iso.date(), ...shift }), z.strictObject({ day_of_week: z.enum(DAYS_OF_WEEK), ...shift })])).optional(),
  unavailable_on: z.array(z.iso.date()),
  timezone: z.string().nullable(),
  work_status: z.strictObject({ available: z.boolean(), tracking: z.boolean() }),
  created_at: instant,
  deleted: z.boolean(),
  deleted_at: instant.optional(),
});
