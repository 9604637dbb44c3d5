import { DomainError } from '../../core/errors.ts';
import { isUniqueViolation } from '../../store/store.ts';

/**
 * The check-then-insert of a worker or device races with a concurrent request for the same key:
 * both find nothing, one insert wins and the other hits the unique index (its transaction is then
 * rolled back). That loser gets the same refusal it would have got a moment later.
 */
export async function refusingDuplicateKeys<T>(keys: { workerHandle: string; deviceId?: string | null }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e, 'workers_pkey')) {
      throw new DomainError('duplicate_resource', 'System already has a worker with this handle', { workerHandle: keys.workerHandle });
    }
    if (keys.deviceId && isUniqueViolation(e, 'devices_pkey')) {
      throw new DomainError('device_taken', `Device ${keys.deviceId} is already linked to another worker`, { deviceId: keys.deviceId });
    }
    throw e;
  }
}
