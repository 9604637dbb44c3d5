import type { Device } from '../../core/worker.ts';
import type { Store } from '../../store/store.ts';
import { LruMap } from './lru-map.ts';

export type KnownDevice = Pick<Device, 'deviceId' | 'accountId' | 'workerHandle'>;

/**
 * Which account and worker a device id belongs to, read once per process: every fix of every
 * protocol needs it. A device row never changes owner (devices are linked once and never moved
 * or removed), so a found device stays true; an unknown id is not remembered, because the device
 * may be registered a moment later. The device token is not cached: re-issuing one must revoke the
 * old one on every server at once.
 */
export class DeviceDirectory {
  /** Read with `peek`: the oldest entry goes first when full, however often it is used. */
  private readonly known: LruMap<string, KnownDevice>;

  /** `capacity`: enough for every device of the fleet; past it the oldest entries are read again when needed. */
  constructor(
    private readonly store: Store,
    capacity: number,
  ) {
    this.known = new LruMap<string, KnownDevice>(capacity);
  }

  async find(deviceId: string): Promise<KnownDevice | null> {
    const hit = this.known.peek(deviceId);
    if (hit) return hit;
    const found = await this.store.repos.workers.findDevice(deviceId);
    if (!found) return null;
    const device = { deviceId: found.deviceId, accountId: found.accountId, workerHandle: found.workerHandle };
    this.known.set(deviceId, device);
    return device;
  }
}
