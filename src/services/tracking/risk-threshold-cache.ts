import { DEFAULT_RISK_THRESHOLDS, mergeThresholds, type RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import type { Repos, Store } from '../../store/store.ts';
import { ALL_ACCOUNTS, type LiveHub } from '../live/live-hub.ts';

/** A notification lost while the LISTEN connection was down is healed by this bound on an entry's age. */
const TTL_MS = 60_000;

interface Entry {
  thresholds: RiskThresholds;
  loadedAt: number;
}

/**
 * Each account's effective risk thresholds, read once per process instead of on every fix. An
 * update drops the entry in the updating process at once and, through a `settings` event on the
 * live channel (NOTIFY, delivered on commit), in every other process sharing the database; the
 * TTL bounds staleness if a notification is lost. A load that started before an invalidation is
 * used but not cached, so it cannot pin the old value.
 */
export class RiskThresholdCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private watching: Promise<unknown> | null = null;
  private following = false;

  constructor(
    private readonly store: Store,
    private readonly live: LiveHub,
  ) {}

  /** Starts following invalidations; call it outside a transaction (the embedded store has one session). */
  async ready(): Promise<void> {
    this.watching ??= this.live.onSettingsChanged((id) => this.invalidate(id));
    await this.watching;
    this.following = true;
  }

  /**
   * Inside a transaction pass its `repos`: on the embedded store a read through the pool would
   * wait for the transaction that is waiting for it. Until `ready()` has run nothing is cached,
   * since no invalidation could reach the entry.
   */
  async get(accountId: string, repos?: Repos): Promise<RiskThresholds> {
    if (!repos) await this.ready();
    const hit = this.entries.get(accountId);
    if (hit && performance.now() - hit.loadedAt < TTL_MS) return hit.thresholds;
    const generation = this.generation;
    const loadedAt = performance.now();
    const stored = await (repos ?? this.store.repos).riskThresholds.find(accountId);
    const thresholds = effectiveThresholds(stored?.overrides);
    if (this.following && generation === this.generation) this.entries.set(accountId, { thresholds, loadedAt });
    return thresholds;
  }

  invalidate(accountId: string): void {
    this.generation++;
    if (accountId === ALL_ACCOUNTS) this.entries.clear();
    else this.entries.delete(accountId);
  }
}

/**
 * Overrides were checked when saved; should a later change of the defaults make a stored band
 * unordered, the account falls back to the defaults rather than failing every fix it sends.
 */
function effectiveThresholds(overrides: Parameters<typeof mergeThresholds>[1]): RiskThresholds {
  try {
    return mergeThresholds(DEFAULT_RISK_THRESHOLDS, overrides);
  } catch {
    return DEFAULT_RISK_THRESHOLDS;
  }
}
