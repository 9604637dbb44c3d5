export interface Worker {
  accountId: string;
  workerHandle: string;
  name: string | null;
  profile: Record<string, unknown>;
  opsGroupHandle: string | null;
  /** The kinds of orders the worker handles, as the client gave them (HyperTrack `product_types`). */
  productTypes: string[];
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
