import { DEFAULT_RISK_THRESHOLDS, mergeThresholds, type RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import type { Store } from '../../store/store.ts';
import { AccountCache } from '../live/account-cache.ts';
import type { LiveHub } from '../live/live-hub.ts';

/**
 * Each account's effective risk thresholds, read once per process instead of on every fix
 * (AccountCache: dropped on an update in every process, bounded by a TTL).
 */
export class RiskThresholdCache extends AccountCache<RiskThresholds> {
  constructor(store: Store, live: LiveHub) {
    super(store, live, async (repos, accountId) => effectiveThresholds((await repos.riskThresholds.find(accountId))?.overrides));
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
