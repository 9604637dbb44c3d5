import { StatementBatcher } from '../../store/statement-batcher.ts';
import type { Deps } from '../deps.ts';
import { DeviceDirectory } from './device-directory.ts';
import { DeviceSnapshots } from './device-snapshots.ts';
import { type IngestResult, type IngestUnit, ingestBatch } from './ingest-batch.ts';
import { RecentFixWindows } from './recent-fix-windows.ts';

export interface IngestQueueOptions {
  /** Groups in flight at once. The embedded store is one session, so there 1. */
  parallel: number;
  /** Most requests per group, and most fixes (a group is one statement or transaction: keep it short). */
  maxUnits: number;
  maxFixes: number;
  /** Devices whose last write and recent-fix window are kept (a fleet beyond it takes the locked path for the rest). */
  deviceCacheSize: number;
  /** Devices whose account and worker are kept. */
  deviceDirectorySize: number;
}

/**
 * Group commit for location ingest. Requests that arrive while earlier groups are being written
 * wait and are then written together, atomically (`ingestBatch`: one statement, or one
 * transaction under row locks); each request is answered only after the group committed, so an
 * acknowledged fix is durable. A group
 * holds at most one request per device, and a device's requests run in arrival order, one group
 * at a time. When a group fails as a whole, each of its requests is retried alone, so one
 * device's failure never fails another device's request. At low load a request does not wait:
 * with a free slot its group (of one) starts on the next turn of the event loop.
 */
export class IngestQueue {
  readonly devices: DeviceDirectory;
  readonly caches: { windows: RecentFixWindows; snapshots: DeviceSnapshots };
  private readonly groups: StatementBatcher<IngestUnit, IngestResult>;

  constructor(deps: Deps, opts: IngestQueueOptions) {
    this.devices = new DeviceDirectory(deps.store, opts.deviceDirectorySize);
    this.caches = { windows: new RecentFixWindows(opts.deviceCacheSize), snapshots: new DeviceSnapshots(opts.deviceCacheSize) };
    this.groups = new StatementBatcher((units) => ingestBatch(deps, this.caches, units), {
      parallel: opts.parallel,
      maxItems: opts.maxUnits,
      keysOf: (unit) => [unit.deviceId],
      exclusive: true,
      weightOf: (unit) => unit.fixes.length,
      maxWeight: opts.maxFixes,
    });
  }

  submit(unit: IngestUnit): Promise<IngestResult> {
    return this.groups.submit(unit);
  }
}
