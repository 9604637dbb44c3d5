import type { FastifyBaseLogger } from 'fastify';
import { isDomainError } from '../../core/errors.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { Deps } from '../../services/deps.ts';
import { type IngestResult, ingestLocations } from '../../services/tracking/ingest-locations.ts';

/**
 * Hands one app request to the pipeline. Impossible fixes are dropped there with a counted reason
 * and the app is still told "delivered": the apps resend a refused fix forever and send nothing
 * newer meanwhile (reference §2.1, §2.3: strictly sequential queues), so one bad fix would stall
 * the device's tracking. The drop is logged instead. Null = the device was removed meanwhile.
 */
export async function recordFixes(
  deps: Deps,
  log: FastifyBaseLogger,
  protocol: string,
  device: { accountId: string; deviceId: string },
  fixes: Fix[],
): Promise<IngestResult | null> {
  try {
    const result = await ingestLocations(deps, device.accountId, device.deviceId, fixes, protocol);
    if (Object.keys(result.dropped).length > 0) {
      log.warn({ deviceId: device.deviceId, dropped: result.dropped }, `${protocol}: fixes dropped`);
    }
    return result;
  } catch (e) {
    if (isDomainError(e) && e.code === 'device_not_found') return null;
    throw e;
  }
}
