import type { Repos, Store } from '../../store/store.ts';
import { ALL_ACCOUNTS, type LiveHub } from './live-hub.ts';

/** A notification lost while the LISTEN connection was down is healed by this bound on an entry's age. */
const TTL_MS = 60_000;

/**
 * A value per account read once per process instead of on every request. A change drops the
 * entry in the changing process at once and, through a `settings` event on the live channel
 * (NOTIFY, delivered on commit), in every other process sharing the database; the TTL bounds
 * staleness if a notification is lost. A load that started before an invalidation is used but not
 * cached, so it cannot pin the old value; until invalidations are followed nothing is cached.
 */
export class AccountCache<T> {
  private readonly entries = new Map<string, { value: T; loadedAt: number }>();
  private generation = 0;
  private watching: Promise<unknown> | null = null;
  private following = false;

  constructor(
    private readonly store: Store,
    private readonly live: LiveHub,
    private readonly load: (repos: Repos, accountId: string) => Promise<T>,
  ) {}

  /** Starts following invalidations; call it outside a transaction (the embedded store has one session). */
  async ready(): Promise<void> {
    this.watching ??= this.live.onSettingsChanged((id) => this.invalidate(id));
    await this.watching;
    this.following = true;
  }

  /**
   * Inside a transaction pass its `repos`: on the embedded store a read through the pool would
   * wait for the transaction that is waiting for it.
   */
  async get(accountId: string, repos?: Repos): Promise<T> {
    if (!repos) await this.ready();
    const hit = this.entries.get(accountId);
    if (hit && performance.now() - hit.loadedAt < TTL_MS) return hit.value;
    const generation = this.generation;
    const loadedAt = performance.now();
    const value = await this.load(repos ?? this.store.repos, accountId);
    if (this.following && generation === this.generation) this.entries.set(accountId, { value, loadedAt });
    return value;
  }

  invalidate(accountId: string): void {
    this.generation++;
    if (accountId === ALL_ACCOUNTS) this.entries.clear();
    else this.entries.delete(accountId);
  }
}
