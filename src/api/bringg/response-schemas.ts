import { z } from 'zod';

// The bodies renderTask / renderCustomer build (services/bringg/task-document.ts), closed: every
// key of reference §7 and §9 is listed, so an undocumented one fails the response check
// (route-schemas.ts). Fields a client sends and Dropline keeps without interpreting them are
// typed `asSent`: their value is the client's, of whatever JSON type it sent (their keys are
// fixed all the same). Objects stay open only where Bringg itself takes the client's keys.

const instant = z.string().nullable();
const id = z.number();
const nullableId = id.nullable();
const num = z.number().nullable();
const asSent = z.unknown().describe('Kept as the client sent it (Dropline does not interpret it)');
const automatically = z.number().int().nullable();
/** Always `[]`: Dropline records no driver payments or scans. */
const none = z.tuple([]);

/**
 * Open: the customer is the client's own customer record (create_customer, a task's `customer`),
 * kept verbatim beside the ids Dropline gives it; the reference fixes no customer shape.
 */
export const CustomerResponse = z.looseObject({ id, external_id: z.string().nullable(), created_at: instant, updated_at: instant });

export const WayPointResponse = z.strictObject({
  id,
  task_id: id,
  position: z.number(),
  merchant_id: id,
  address: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  address_second_line: asSent,
  location_name: asSent,
  name: asSent,
  company_name: asSent,
  address_type: asSent,
  zipcode: asSent,
  city: asSent,
  state: asSent,
  borough: asSent,
  street: asSent,
  house_number: asSent,
  district: asSent,
  neighborhood: asSent,
  phone: asSent,
  email: asSent,
  note: asSent,
  contacts: asSent,
  silent: asSent,
  find_me: asSent,
  allow_editing_inventory: asSent,
  must_approve_inventory: asSent,
  allow_scanning_inventory: asSent,
  allow_editing_payment: asSent,
  allow_editing_original_quantity: asSent,
  allow_automatic_set_coordinates: asSent,
  allow_sending_sms: asSent,
  allow_sending_email: asSent,
  extras: asSent,
  scheduled_at: instant,
  no_earlier_than: instant,
  no_later_than: instant,
  eta: instant,
  etl: instant,
  has_to_leave_by: z.null(),
  etos: z.number().int(),
  start_time: instant,
  start_lat: num,
  start_lng: num,
  checkin_time: instant,
  checkin_lat: num,
  checkin_lng: num,
  checkout_time: instant,
  checkout_lat: num,
  checkout_lng: num,
  automatically_checked_in: automatically,
  automatically_checked_out: automatically,
  done: z.boolean(),
  late: z.boolean(),
  late_reason: z.null(),
  asap: asSent,
  pickup_dropoff_option: z.union([z.literal(0), z.literal(1)]),
  masked_phone_number: z.null(),
  phone_available: z.boolean(),
  customer_id: nullableId,
  customer: CustomerResponse.nullable(),
  distance_traveled_client: z.null(),
  distance_traveled_server: z.number(),
  estimated_distance: z.null(),
  estimated_time: z.null(),
  rating: z.null(),
  created_at: instant,
  updated_at: instant,
  delete_at: z.null(),
});

/** Open: a note is the client's create_note body, kept verbatim beside the fields Dropline sets (services/bringg/notes.ts). */
export const NoteResponse = z.looseObject({
  id,
  task_id: id,
  way_point_id: nullableId,
  note: z.string().nullable(),
  type: z.union([z.number(), z.string()]).nullable(),
  created_at: z.string(),
});

export const TaskResponse = z.strictObject({
  id,
  uuid: z.string(),
  external_id: z.string().nullable(),
  merchant_id: id,
  priority: id,
  title: z.string().nullable(),
  tag_id: nullableId,
  task_type_id: nullableId,
  task_configuration_id: asSent,
  service_plan_id: asSent,
  team_ids: asSent,
  ready_to_execute: z.boolean(),
  asap: asSent,
  total_price: num,
  delivery_price: num,
  delivery_cost: num,
  discount: num,
  tip: num,
  pre_delivery_tip: num,
  post_delivery_tip_cash: asSent,
  post_delivery_tip_credit: asSent,
  left_to_be_paid: num,
  service_fee: asSent,
  payment_method: z.number().int().nullable(),
  reserved_until: asSent,
  delivery_window_id: asSent,
  scheduled_to_be_ready: asSent,
  customer_id: nullableId,
  customer: CustomerResponse.nullable(),
  user_id: nullableId,
  external_user_id: z.string().nullable(),
  dispatcher_id: z.null(),
  status: z.number().int(),
  active_way_point_id: nullableId,
  late: z.boolean(),
  late_reason: z.null(),
  invalidated: z.boolean(),
  planning_done: z.boolean(),
  planning_published: z.boolean(),
  preparation_status: z.null(),
  failed_delivery_attempts: z.number().int(),
  automatically_assigned: z.boolean(),
  automatically_started: automatically,
  automatically_ended: automatically,
  automatically_cancelled: automatically,
  created_at: instant,
  updated_at: instant,
  scheduled_at: instant,
  acknowledged_at: instant,
  accept_time: instant,
  last_assigned_time: instant,
  started_time: instant,
  ended_time: instant,
  cancelled_at: instant,
  last_ready_to_execute_at: instant,
  delete_at: z.null(),
  preparation_start_time_planned: z.null(),
  preparation_start_time_actual: z.null(),
  preparation_end_time_planned: z.null(),
  preparation_end_time_actual: z.null(),
  preparation_ready_for_pickup_time_planned: z.null(),
  preparation_ready_for_pickup_time_actual: z.null(),
  preparation_picked_up_time_actual: z.null(),
  preparation_acknowledge_time_actual: z.null(),
  lat: z.number(),
  lng: z.number(),
  address: z.string().nullable(),
  start_lat: num,
  start_lng: num,
  cancellation_lat: z.null(),
  cancellation_lng: z.null(),
  last_way_point_lat: z.number(),
  last_way_point_lng: z.number(),
  distance_traveled: z.number(),
  distance_automatically_set: z.number().int(),
  planned_distance_from_prev_task: z.null(),
  tip_driver_enabled: z.boolean(),
  driver_payments: none,
  group_uuid: z.null(),
  group_leader_id: z.null(),
  linked_task_id: z.null(),
  parent_task_id: z.null(),
  run_id: nullableId,
  run_uuid: z.string().nullable(),
  shift_id: z.null(),
  recurrent_task_template_id: z.null(),
  fleet_id: z.null(),
  fleet: z.null(),
  fleet_delivery_external_id: z.null(),
  task_fleet_mapping: z.strictObject({ shared_extras: z.strictObject({ external_carrier_tracking_url: z.string().nullable() }) }),
  // Open: Bringg's `extras` is the client's free JSON (the first stop's metadata in Dropline).
  extras: z.record(z.string(), z.unknown()),
  way_points: z.array(WayPointResponse),
  // Open: inventory items are the client's update_inventory / create_task entries, kept verbatim.
  task_inventories: z.array(z.looseObject({})),
  task_notes: z.array(NoteResponse),
  shared_locations: z.array(
    z.strictObject({
      task_id: id,
      way_point_id: id,
      customer_id: nullableId,
      token: z.string(),
      url: z.string(),
      expired: z.boolean(),
      created_at: instant,
    }),
  ),
  scans: none,
  task_cancellation_reason: z.strictObject({ reason_to_cancel_task_id: nullableId, other_text: z.string().nullable() }).nullable(),
});

/** Every refusal: HTTP 200 for business failures (reference §4), real statuses for the rest (errors.ts). */
export const BringgFailureResponse = z.strictObject({ success: z.literal(false), message: z.string(), rc: z.number().int() });

/** The success envelope around a service's payload: `{success: true, rc: 0, ...payload}`. */
export const successOf = (payload: z.ZodRawShape) => z.strictObject({ success: z.literal(true), rc: z.literal(0), ...payload });

/** RFC 6749's error body of /oauth/token (Bringg documents none). */
export const OauthErrorResponse = z.strictObject({ error: z.string(), error_description: z.string() });
export const TokenResponse = z.strictObject({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number(), created_at: z.number() });

/** The statuses the plugin's error paths answer on every service, all with the failure envelope. */
export const bringgErrors = {
  400: BringgFailureResponse,
  401: BringgFailureResponse,
  404: BringgFailureResponse,
  413: BringgFailureResponse,
  429: BringgFailureResponse,
  500: BringgFailureResponse,
  503: BringgFailureResponse,
};
