import { LIVE_CHANNEL } from '../../store/repos/live.repo.ts';
import type { Store } from '../../store/store.ts';
import type { ChannelEvent, LiveEvent } from './live-events.ts';

/** What a subscriber follows: a whole account, one order, or one device's positions. */
export type Topic = `account:${string}` | `order:${string}` | `device:${string}`;

type Listener = (e: LiveEvent) => void;

/** What settings listeners receive when every account's settings must be re-read. */
export const ALL_ACCOUNTS = '*';

const topicsOf = (e: LiveEvent): Topic[] =>
  e.type === 'order' ? [`account:${e.account_id}`, `order:${e.order_id}`] : [`account:${e.account_id}`, `device:${e.device_id}`];

/**
 * Fans committed changes out to live subscribers (SSE). Events arrive through the store's
 * LISTEN on `dropline_live`, so an event committed by any server process sharing the database
 * reaches subscribers on every process. Subscribers are indexed by topic so an event costs only
 * its own subscribers, however many pages are open.
 */
export class LiveHub {
  private readonly topics = new Map<Topic, Set<Listener>>();
  private readonly settingsListeners = new Set<(accountId: string) => void>();
  private started: Promise<() => Promise<void>> | null = null;

  constructor(private readonly store: Store) {}

  /** Starts listening (once); resolves when events will be received. */
  ready(): Promise<void> {
    if (!this.started) {
      const started = this.store.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload), {
        // Settings changes may have been missed while the connection was down: drop every cache.
        onReconnect: () => {
          for (const l of this.settingsListeners) l(ALL_ACCOUNTS);
        },
      });
      this.started = started;
      // A store that was down at the first subscription must not refuse every later one.
      started.catch(() => {
        if (this.started === started) this.started = null;
      });
    }
    return this.started.then(() => undefined);
  }

  /** Subscribers currently following any topic (the SSE clients of this process). */
  subscriberCount(): number {
    const all = new Set<Listener>();
    for (const set of this.topics.values()) for (const l of set) all.add(l);
    return all.size;
  }

  async subscribe(topics: Topic[], listener: Listener): Promise<() => void> {
    await this.ready();
    for (const t of topics) {
      let set = this.topics.get(t);
      if (!set) this.topics.set(t, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const t of topics) {
        const set = this.topics.get(t);
        set?.delete(listener);
        if (set?.size === 0) this.topics.delete(t);
      }
    };
  }

  /** Calls `listener` with the account id whenever any process commits a change to an account's settings. */
  async onSettingsChanged(listener: (accountId: string) => void): Promise<() => void> {
    await this.ready();
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.topics.clear();
    const stop = await this.started;
    this.started = null;
    await stop?.();
  }

  private dispatch(payload: string): void {
    let event: ChannelEvent;
    try {
      event = JSON.parse(payload) as ChannelEvent;
    } catch {
      return;
    }
    if (event.type === 'settings') {
      for (const l of this.settingsListeners) l(event.account_id);
      return;
    }
    const seen = new Set<Listener>();
    for (const t of topicsOf(event)) {
      for (const l of this.topics.get(t) ?? []) {
        if (seen.has(l)) continue;
        seen.add(l);
        l(event);
      }
    }
  }
}
