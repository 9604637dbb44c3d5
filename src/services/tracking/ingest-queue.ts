import type { Deps } from '../deps.ts';
import { DeviceDirectory } from './device-directory.ts';
import { type IngestResult, type IngestUnit, ingestBatch } from './ingest-batch.ts';
import { RecentFixWindows } from './recent-fix-windows.ts';

export interface IngestQueueOptions {
  /** Groups in flight at once. The embedded store is one session, so there 1. */
  parallel: number;
  /** Most requests per group, and most fixes (a group is one transaction: keep it short). */
  maxUnits: number;
  maxFixes: number;
}

interface Pending {
  unit: IngestUnit;
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

/**
 * Group commit for location ingest. Requests that arrive while earlier groups are being written
 * wait and are then written together, in ONE transaction (`ingestBatch`); each request is
 * answered only after that transaction committed, so an acknowledged fix is durable. A group
 * holds at most one request per device, and a device's requests run in arrival order, one group
 * at a time. When a group fails as a whole, each of its requests is retried alone, so one
 * device's failure never fails another device's request. At low load a request does not wait:
 * with a free slot its group (of one) starts on the next turn of the event loop.
 */
export class IngestQueue {
  readonly devices: DeviceDirectory;
  readonly windows = new RecentFixWindows();
  private pending: Pending[] = [];
  private readonly inFlight = new Set<string>();
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly deps: Deps,
    private readonly opts: IngestQueueOptions,
  ) {
    this.devices = new DeviceDirectory(deps.store);
  }

  submit(unit: IngestUnit): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ unit, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.opts.parallel || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.opts.parallel) {
      const group = this.take();
      if (group.length === 0) return;
      this.running++;
      void this.write(group).finally(() => {
        this.running--;
        for (const p of group) this.inFlight.delete(p.unit.deviceId);
        this.schedule();
      });
    }
  }

  /** The oldest requests whose devices are free, one per device, within the group limits. */
  private take(): Pending[] {
    const group: Pending[] = [];
    const rest: Pending[] = [];
    const held = new Set<string>();
    let fixes = 0;
    for (const p of this.pending) {
      const id = p.unit.deviceId;
      const fits = group.length < this.opts.maxUnits && (group.length === 0 || fixes + p.unit.fixes.length <= this.opts.maxFixes);
      if (!fits || held.has(id) || this.inFlight.has(id)) {
        // Later requests of this device must not overtake this one.
        held.add(id);
        rest.push(p);
        continue;
      }
      held.add(id);
      this.inFlight.add(id);
      group.push(p);
      fixes += p.unit.fixes.length;
    }
    this.pending = rest;
    return group;
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      const results = await ingestBatch(this.deps, this.windows, group.map((p) => p.unit));
      group.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      if (group.length === 1) return group[0]!.reject(e);
      for (const p of group) {
        try {
          p.resolve((await ingestBatch(this.deps, this.windows, [p.unit]))[0]!);
        } catch (alone) {
          p.reject(alone);
        }
      }
    }
  }
}
