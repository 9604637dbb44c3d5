import type { Repos, Store } from '../../store/store.ts';
import { ALL_ACCOUNTS, type LiveHub } from '../live/live-hub.ts';
import { settingsEvent } from '../live/live-events.ts';

/** A notification lost while the LISTEN connection was down is healed by this bound on an entry's age. */
const TTL_MS = 60_000;

/**
 * Whether an account has a HyperTrack endpoint that takes `location` events (no filter, or one
 * naming `location`), read once per process and account. Location events are the one webhook
 * with a row per ingested batch, so they are recorded only for accounts that want them; an
 * endpoint change drops the entry here and, through the live channel's `settings` event, in every
 * process (as RiskThresholdCache does), the TTL bounding staleness when a notification is lost.
 * Deliveries only ever go to endpoints that existed when the event was recorded, so a fix
 * recorded before a new endpoint is learned of would not have reached it anyway.
 */
export class LocationSubscriptions {
  private readonly entries = new Map<string, { wanted: boolean; loadedAt: number }>();
  private generation = 0;
  private watching: Promise<unknown> | null = null;
  private following = false;

  constructor(
    private readonly store: Store,
    private readonly live: LiveHub,
  ) {}

  async wanted(accountId: string): Promise<boolean> {
    this.watching ??= this.live.onSettingsChanged((id) => this.invalidate(id));
    await this.watching;
    this.following = true;
    const hit = this.entries.get(accountId);
    if (hit && performance.now() - hit.loadedAt < TTL_MS) return hit.wanted;
    const generation = this.generation;
    const loadedAt = performance.now();
    const endpoints = await this.store.repos.webhookEndpoints.listForAccounts([accountId]);
    const wanted = endpoints.some((e) => e.format === 'hypertrack' && (e.events === null || e.events.includes('location')));
    if (this.following && generation === this.generation) this.entries.set(accountId, { wanted, loadedAt });
    return wanted;
  }

  invalidate(accountId: string): void {
    this.generation++;
    if (accountId === ALL_ACCOUNTS) this.entries.clear();
    else this.entries.delete(accountId);
  }
}

/** Tells every process that the account's endpoints changed (sent once `repos`' transaction commits). */
export const endpointsChanged = (repos: Repos, accountId: string) => repos.live.notify(settingsEvent(accountId));
