import { z } from 'zod';
import type { ShiftEntry, WorkerHome } from '../../core/worker.ts';
import { DAYS_OF_WEEK } from '../../core/worker.ts';
import { isTimeZone } from '../../core/worker-shift.ts';
import { calendarDate as isoDate } from '../shared/storable.ts';
import { PointSchema } from './schemas.ts';

/**
 * A time of day as HyperTrack's DriverRecurringSchedule documents it (`HH:mm`), or as minutes
 * after midnight, which its own examples send (`end_time: 1080`). Kept as minutes.
 */
const timeOfDay = z.union(
  [
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))),
    z.number().int().min(0).max(1439),
  ],
  { error: 'Expected a time of day HH:mm (00:00–23:59) or minutes after midnight (0–1439)' },
);

const calendarDate = isoDate();

/** DriverRecurringSchedule (`day_of_week`) or DriverDateSchedule (`date`): one of the two. */
const ScheduleEntry = z
  .object({
    day_of_week: z.enum(DAYS_OF_WEEK).optional(),
    date: calendarDate.optional(),
    start_time: timeOfDay,
    end_time: timeOfDay,
    ops_group_handle: z.string().min(1).max(255).nullish(),
    priority: z
      .unknown()
      .refine((v) => v === null || v === undefined, 'Dropline merges overlapping shifts; it ranks no schedule priorities')
      .optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.day_of_week === undefined) === (e.date === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['day_of_week'], message: 'Give exactly one of day_of_week (weekly) or date (that day only)' });
    }
    if (e.start_time === e.end_time) {
      ctx.addIssue({ code: 'custom', path: ['end_time'], message: 'end_time equals start_time; an end before the start runs past midnight' });
    }
  });

const toShift = (e: z.infer<typeof ScheduleEntry>): ShiftEntry => {
  const times = { startMinute: e.start_time, endMinute: e.end_time, opsGroupHandle: e.ops_group_handle ?? null };
  return e.date !== undefined ? { date: e.date, ...times } : { dayOfWeek: e.day_of_week!, ...times };
};

/** HyperTrack LocationWithoutRadius: a point (Dropline has no geocoder for an address alone). */
const Home = z.strictObject({ address: z.string().max(1000).nullish(), geometry: PointSchema.optional() }).superRefine((h, ctx) => {
  if (h.geometry === undefined) {
    ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'home.geometry (a GeoJSON Point) is required: Dropline has no geocoder' });
  }
});

const toHome = (h: z.infer<typeof Home>): WorkerHome => {
  const [lng, lat] = h.geometry!.coordinates;
  return { address: h.address ?? null, coordinates: [lng, lat] };
};

/** `profile.capacity`: the worker's orders per route, when given (docs/native-api.md). */
const Profile = z.record(z.string(), z.unknown()).superRefine((p, ctx) => {
  const c = p.capacity;
  if (c !== undefined && !(typeof c === 'number' && Number.isInteger(c) && c >= 0)) {
    ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'profile.capacity is the number of orders a route may take: a whole number ≥ 0' });
  }
});

export const WorkerBody = z.object({
  name: z.string().nullish(),
  profile: Profile.nullish(),
  ops_group_handle: z.string().nullish(),
  device_id: z.string().min(1).max(255).nullish(),
  product_types: z.array(z.string().min(1).max(255)).max(100).nullish(),
  schedule: z.array(ScheduleEntry).max(100).nullish(),
  unavailable_on: z.array(calendarDate).max(1000).nullish(),
  home: Home.nullish(),
  // Not in PostWorkerRequest: HyperTrack answers a worker's `timezone` and reads schedules in its
  // ops group's zone; Dropline keeps no ops groups, so the zone is the worker's own.
  timezone: z.string().max(64).refine(isTimeZone, 'Expected an IANA time zone such as Europe/Berlin').nullish(),
});

export const toWorkerInput = (b: z.infer<typeof WorkerBody>) => ({
  name: b.name,
  profile: b.profile,
  opsGroupHandle: b.ops_group_handle,
  deviceId: b.device_id,
  productTypes: b.product_types,
  home: b.home === undefined ? undefined : b.home === null ? null : toHome(b.home),
  schedule: b.schedule === undefined ? undefined : (b.schedule?.map(toShift) ?? null),
  unavailableOn: b.unavailable_on === undefined ? undefined : b.unavailable_on === null ? null : [...new Set(b.unavailable_on)].sort(),
  timezone: b.timezone === undefined ? undefined : b.timezone === null ? null : canonicalZone(b.timezone),
});

/** Intl reads zone names case-insensitively; keep the canonical spelling. */
const canonicalZone = (tz: string) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
