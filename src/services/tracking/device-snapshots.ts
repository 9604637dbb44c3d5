import type { DeviceState } from '../../core/tracking/device-state.ts';
import type { TrackedOrder } from '../../store/repos/ingest.repo.ts';
import { LruMap } from './lru-map.ts';

/** What one process last wrote for a device: its state and the orders it was tracking. */
export interface DeviceSnapshot {
  /** The device's history version after that write. */
  version: number;
  state: DeviceState;
  /** Every ongoing or dispatched order of the device then, each with its row version. */
  orders: TrackedOrder[];
}

/**
 * The last committed state of each recently heard device, so that its next batch can be
 * written in one statement without reading the device and its orders back first
 * (`IngestRepo.writeFresh`). A snapshot may be stale: another process, or this one's order API,
 * may have changed a row since. That write then finds a version it did not expect, applies
 * nothing, and the batch is redone under row locks, which refreshes the snapshot. So entries are
 * only written after a commit, and any doubt is resolved by dropping one.
 */
export class DeviceSnapshots extends LruMap<string, DeviceSnapshot> {
  /** `capacity` devices are remembered (DROPLINE_DEVICE_CACHE_SIZE); a fleet beyond it takes the locked path for the rest. */
  constructor(capacity: number) {
    super(capacity);
  }
}
