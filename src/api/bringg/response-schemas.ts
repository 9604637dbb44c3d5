import { z } from 'zod';

// The bodies renderTask / renderCustomer build (services/bringg/task-document.ts). Bringg's task
// carries the stored fields a client sent (reference §6), so objects are open; the fields every
// task has are typed.

const instant = z.string().nullable();
const id = z.number();

export const CustomerResponse = z.looseObject({ id, external_id: z.string().nullable(), created_at: instant, updated_at: instant });

export const WayPointResponse = z.looseObject({
  id,
  task_id: id,
  position: z.number(),
  merchant_id: id,
  address: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  scheduled_at: instant,
  no_earlier_than: instant,
  no_later_than: instant,
  eta: instant,
  etl: instant,
  checkin_time: instant,
  checkout_time: instant,
  done: z.boolean(),
  late: z.boolean(),
  pickup_dropoff_option: z.union([z.literal(0), z.literal(1)]),
  customer_id: id.nullable(),
  customer: CustomerResponse.nullable(),
  created_at: instant,
  updated_at: instant,
});

export const TaskResponse = z.looseObject({
  id,
  uuid: z.string(),
  external_id: z.string().nullable(),
  merchant_id: id,
  status: z.number().int(),
  customer_id: id.nullable(),
  customer: CustomerResponse.nullable(),
  user_id: id.nullable(),
  external_user_id: z.string().nullable(),
  active_way_point_id: id.nullable(),
  late: z.boolean(),
  created_at: instant,
  updated_at: instant,
  way_points: z.array(WayPointResponse),
  shared_locations: z.array(
    z.strictObject({
      task_id: id,
      way_point_id: id,
      customer_id: id.nullable(),
      token: z.string(),
      url: z.string(),
      expired: z.boolean(),
      created_at: instant,
    }),
  ),
});

/** A note as stored in the task's task_notes (the client's fields kept verbatim). */
export const NoteResponse = z.looseObject({ id });

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
