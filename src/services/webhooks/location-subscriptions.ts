import type { Repos, Store } from '../../store/store.ts';
import { AccountCache } from '../live/account-cache.ts';
import type { LiveHub } from '../live/live-hub.ts';
import { settingsEvent } from '../live/live-events.ts';

/**
 * Whether an account has a HyperTrack endpoint that takes `location` events (no filter, or one
 * naming `location`), read once per process and account. Location events are the one webhook
 * with a row per ingested batch, so they are recorded only for accounts that want them; an
 * endpoint change drops the entry in every process (AccountCache, through the live channel's
 * `settings` event), the TTL bounding staleness when a notification is lost. Deliveries only ever
 * go to endpoints that existed when the event was recorded, so a fix recorded before a new
 * endpoint is learned of would not have reached it anyway.
 */
export class LocationSubscriptions extends AccountCache<boolean> {
  constructor(store: Store, live: LiveHub) {
    super(store, live, async (repos, accountId) =>
      (await repos.webhookEndpoints.listForAccounts([accountId])).some(
        (e) => e.format === 'hypertrack' && (e.events === null || e.events.includes('location')),
      ),
    );
  }

  wanted(accountId: string): Promise<boolean> {
    return this.get(accountId);
  }
}

/** Tells every process that the account's endpoints changed (sent once `repos`' transaction commits). */
export const endpointsChanged = (repos: Repos, accountId: string) => repos.live.notify(settingsEvent(accountId));
