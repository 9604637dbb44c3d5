import { DomainError } from '../../core/errors.ts';
import type { Device } from '../../core/worker.ts';
import { hashSecret, secretMatches } from '../accounts/credentials.ts';
import type { Deps } from '../deps.ts';
import type { KnownDevice } from './device-directory.ts';

/**
 * The device behind an id, for protocols where the id is the only credential (OsmAnd/Traccar:
 * the app sends nothing else). Device ids are unique across accounts, so the id names one
 * account's device.
 */
export const findDevice = (deps: Deps, deviceId: string): Promise<KnownDevice | null> => deps.ingest.devices.find(deviceId);

/** Issues (or replaces) the device's own ingest token; it is shown once, only its hash is kept. */
export async function issueDeviceToken(deps: Deps, accountId: string, deviceId: string): Promise<string> {
  return deps.store.transaction(async (repos) => {
    const device = await repos.workers.findDevice(deviceId);
    if (!device || device.accountId !== accountId) {
      throw new DomainError('device_not_found', 'Device could not be found', { deviceId });
    }
    const token = deps.ids.secret();
    await repos.workers.setDeviceToken(deviceId, hashSecret(token));
    return token;
  });
}

/** The device, when `token` is the token issued for it. */
export async function verifyDeviceToken(deps: Deps, deviceId: string, token: string): Promise<Device | null> {
  const device = await deps.store.repos.workers.findDevice(deviceId);
  return device?.tokenHash && secretMatches(token, device.tokenHash) ? device : null;
}
