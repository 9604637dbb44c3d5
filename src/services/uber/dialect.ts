import { uberAlongside } from '../../store/repos/uber-alongside.ts';
import type { DialectServices } from '../dialects/dialect.ts';
import { COURIER_UPDATE_SECONDS, enqueueCourierUpdates } from './courier-updates.ts';
import { uberDriverStops } from './driver-stops.ts';
import { failUberDropoff } from './fail-dropoff.ts';
import { createUberCredentials } from './uber-credentials.ts';
import { uberWebhookFormat } from './webhook-format.ts';

/** Uber Direct below HTTP: its webhooks, its credentials, the failed dropoff and the courier updates. */
export const uberServices = {
  name: 'uber',
  webhookFormat: uberWebhookFormat,
  provisionAccount: createUberCredentials,
  alongside: uberAlongside,
  // Only `del_` handles are Uber deliveries, so no other cancel reads more.
  cancelStop: async (deps, accountId, key, metadata) =>
    key.type === 'drop' && key.orderHandle.startsWith('del_') ? failUberDropoff(deps, accountId, key, metadata) : null,
  // Uber Direct: event.courier_update every 20 s while a courier is on the way.
  jobs: [{ name: 'Uber courier updates', everySeconds: COURIER_UPDATE_SECONDS, run: enqueueCourierUpdates }],
  driverStops: uberDriverStops,
} satisfies DialectServices;
