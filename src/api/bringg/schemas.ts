import { z } from 'zod';
import { TASK_DETAIL_FIELDS } from '../../services/bringg/task-fields.ts';
import type { TaskRef } from '../../services/bringg/task-records.ts';
import type { WayPointInput } from '../../services/bringg/create-task.ts';
import { identifier, int4, isoTimestamp, queryInt4 } from '../shared/storable.ts';

// Bringg bodies carry many optional fields Dropline only stores; schemas are loose objects that
// validate what Dropline interprets and keep the rest verbatim (reference §6).

/**
 * Ids arrive as numbers and, from some clients, as numeric strings; bigint columns (safe
 * integers), marked int64 in the OpenAPI (the integer-bounds test holds every other integer to int4).
 */
export const intId = z.coerce.number().int().positive().meta({ format: 'int64' });
/** An id kept in an int4 column (`tag_id`). */
const int4Id = queryInt4().positive();
export const datetime = isoTimestamp();
const lat = z.coerce.number().min(-90).max(90);
const lng = z.coerce.number().min(-180).max(180);

/** `id` | `external_id`, with the carrier-style `task_id` / `task_external_id` accepted too (OURS). */
export const TaskRefFields = {
  id: intId.nullish(),
  external_id: identifier().nullish(),
  task_id: intId.nullish(),
  task_external_id: identifier().nullish(),
};

const TaskRefObject = z.looseObject(TaskRefFields);
export const requireRef = <T extends z.ZodType<z.infer<typeof TaskRefObject>>>(s: T) =>
  s.refine((b) => (b.id ?? b.task_id ?? b.external_id ?? b.task_external_id) != null, {
    message: 'id or external_id is required',
    path: ['id'],
  });

export const refOf = (b: z.infer<typeof TaskRefObject>): TaskRef => ({
  id: b.id ?? b.task_id ?? null,
  externalId: b.external_id ?? b.task_external_id ?? null,
});

/** Bringg: windows more than 10 years out are refused (reference §6). */
const TEN_YEARS_MS = 10 * 366 * 24 * 3600 * 1000;
const windowTime = datetime.refine((s) => Math.abs(Date.parse(s) - Date.now()) < TEN_YEARS_MS, 'must be within 10 years');

export const WayPointSchema = z.looseObject({
  id: intId.nullish(),
  position: int4().min(1).max(2).nullish(),
  lat: lat.nullish(),
  lng: lng.nullish(),
  address: z.string().max(255).nullish(),
  scheduled_at: windowTime.nullish(),
  no_earlier_than: windowTime.nullish(),
  no_later_than: windowTime.nullish(),
  etos: int4().min(0).nullish(),
  pickup_dropoff_option: z.union([z.enum(['pickup', 'dropoff', 'both']), int4().min(-1).max(2)]).nullish(),
});
export type WayPointBody = z.infer<typeof WayPointSchema>;

const INTERPRETED_WP = ['id', 'position', 'lat', 'lng', 'address', 'scheduled_at', 'no_earlier_than', 'no_later_than', 'etos'];

/** The way point fields Dropline does not interpret, kept for rendering. */
export const wayPointDetails = (wp: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(wp).filter(([k]) => !INTERPRETED_WP.includes(k)));

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

export function toWayPointInput(wp: WayPointBody): WayPointInput {
  const opt = wp.pickup_dropoff_option;
  return {
    lat: wp.lat!,
    lng: wp.lng!,
    address: wp.address ?? null,
    scheduledAt: date(wp.scheduled_at),
    noEarlierThan: date(wp.no_earlier_than),
    noLaterThan: date(wp.no_later_than),
    etos: wp.etos ?? null,
    kind: opt === 'pickup' || opt === 0 ? 'pick' : opt === 'dropoff' || opt === 1 ? 'drop' : null,
    details: wayPointDetails(wp),
  };
}

export const CustomerSchema = z.looseObject({ external_id: identifier().nullish(), name: z.string().nullish() });

export const customerInput = (c: z.infer<typeof CustomerSchema>) => {
  const { external_id, ...details } = c;
  return { externalId: external_id ?? null, details };
};

export { TASK_DETAIL_FIELDS };

/** Also stored verbatim but not part of the rendered task (kept for exports and future use). */
const STORED_ONLY = [
  'team_external_id',
  'service_plan_external_id',
  'quote_id',
  'create_group',
  'create_linked_tasks',
  'payment_type_name',
  'left_to_be_paid_for_delivery',
  'has_parking_area',
  'external_fleet_id',
];

export function taskDetails(body: Record<string, unknown>): Record<string, unknown> {
  const keep = [...TASK_DETAIL_FIELDS, ...STORED_ONLY] as string[];
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => keep.includes(k) && v !== undefined));
}

export const Money = z.coerce.number().nullish();
export const TaskFieldsSchema = {
  title: z.string().nullish(),
  tag_id: int4Id.nullish(),
  task_type_id: int4().min(1).nullish(),
  extras: z.record(z.string(), z.unknown()).nullish(),
  total_price: Money,
  delivery_price: Money,
  delivery_cost: Money,
  discount: Money,
  tip: Money,
  pre_delivery_tip: Money,
  left_to_be_paid: Money,
  payment_method: int4().min(0).max(4).nullish(),
  ready_to_execute: z.boolean().nullish(),
  user_id: intId.nullish(),
  external_user_id: identifier().nullish(),
  user_external_id: identifier().nullish(),
};

export const NoteSchema = z.looseObject({
  note: z.string().nullish(),
  type: z.union([z.number(), z.string()]).nullish(),
  way_point_id: intId.nullish(),
});

export const noteInput = (n: z.infer<typeof NoteSchema>) => {
  const { note, type, way_point_id, ...details } = n;
  return { note: note ?? null, type: type ?? null, wayPointId: way_point_id ?? null, details };
};

export const VisitFields = {
  lat: lat.nullish(),
  lng: lng.nullish(),
  time_at: datetime.nullish(),
};
