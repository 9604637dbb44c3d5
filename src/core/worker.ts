export const DAYS_OF_WEEK = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/**
 * One shift of a worker's schedule (HyperTrack DriverRecurringSchedule / DriverDateSchedule):
 * weekly on `dayOfWeek`, or on one calendar `date`, in the worker's time zone. Minutes count from
 * local midnight; an end at or before the start runs past midnight into the next day.
 */
export type ShiftEntry = ({ dayOfWeek: DayOfWeek; date?: undefined } | { date: string; dayOfWeek?: undefined }) & {
  startMinute: number;
  endMinute: number;
  /** Applies only when planning for this ops group; null = any. */
  opsGroupHandle: string | null;
};

/** Where the worker's routes start and end (HyperTrack `home`, a location without radius). */
export interface WorkerHome {
  address: string | null;
  /** [longitude, latitude]. */
  coordinates: [number, number];
}

export interface Worker {
  accountId: string;
  workerHandle: string;
  name: string | null;
  profile: Record<string, unknown>;
  opsGroupHandle: string | null;
  /** The kinds of orders the worker handles, as the client gave them (HyperTrack `product_types`). */
  productTypes: string[];
  home: WorkerHome | null;
  schedule: ShiftEntry[];
  /** Local calendar dates (YYYY-MM-DD) on which no shift starts. */
  unavailableOn: string[];
  /** IANA time zone the schedule is read in; null = UTC, the HyperTrack ops group default. */
  timezone: string | null;
  /** Whether the worker is available for work (POST /workers/{h}/work_status); deletion aside. */
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** Device ids linked to the worker, oldest first (the one it was created with comes first). */
  deviceIds: string[];
  /** Whether one of the worker's orders is being tracked right now. */
  isTracking: boolean;
}

export interface Device {
  deviceId: string;
  accountId: string;
  workerHandle: string;
  createdAt: Date;
  /** SHA-256 of the device's own ingest token, when one was issued. */
  tokenHash: string | null;
}

/** Whether the worker can be given work: available by its own work status and not deleted. */
export const isAvailable = (w: Pick<Worker, 'available' | 'deletedAt'>): boolean => w.available && w.deletedAt === null;

/** The device that tracks the worker's orders: the one linked most recently. */
export const currentDevice = (w: Worker): string | null => w.deviceIds.at(-1) ?? null;

/**
 * The worker's route capacity, in orders. HyperTrack has no worker capacity field (only the ops
 * group's `route_capacity`); its users keep matching data in `profile`, so Dropline reads
 * `profile.capacity` (docs/native-api.md). Null when the profile names none.
 */
export function workerCapacity(w: Pick<Worker, 'profile'>): number | null {
  const c = w.profile.capacity;
  return typeof c === 'number' && Number.isInteger(c) && c >= 0 ? c : null;
}
