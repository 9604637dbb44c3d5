import {
  DEFAULT_RISK_THRESHOLDS,
  mergeThresholds,
  type RiskBand,
  type RiskThresholdOverrides,
  type RiskThresholds,
} from '../../core/tracking/risk-thresholds.ts';
import type { RiskKey } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { settingsEvent } from '../live/live-events.ts';

/** An account's thresholds as the settings API shows them. */
export interface RiskThresholdSettings {
  /** What evaluation uses: the defaults with the overrides laid over them. */
  effective: RiskThresholds;
  overrides: RiskThresholdOverrides;
  defaults: RiskThresholds;
  /** When the overrides last changed; null if the account never changed any. */
  updatedAt: Date | null;
}

/**
 * A JSON merge patch (RFC 7396) of the overrides: a number sets that side, `null` on a side
 * removes that override, `null` on a risk removes both; anything absent is kept.
 */
export type RiskThresholdPatch = Partial<Record<RiskKey, { yellow?: number | null; red?: number | null } | null>>;

export async function getRiskThresholds(deps: Deps, accountId: string): Promise<RiskThresholdSettings> {
  return settingsOf(await deps.store.repos.riskThresholds.find(accountId));
}

/**
 * Applies the patch and stores the result if the merged bands are valid (else `invalid_request`
 * naming the field, and nothing changes). Every server process drops its cached thresholds for
 * the account when the change commits, so the next fix and the next sweep use the new bands (and
 * the next sweep checks every ongoing order of the account).
 */
export async function updateRiskThresholds(deps: Deps, accountId: string, patch: RiskThresholdPatch): Promise<RiskThresholdSettings> {
  const now = deps.clock.now();
  const saved = await deps.store.transaction(async (repos: Repos) => {
    const current = await repos.riskThresholds.find(accountId, { forUpdate: true });
    const overrides = applyPatch(current?.overrides ?? {}, patch);
    mergeThresholds(DEFAULT_RISK_THRESHOLDS, overrides);
    const stored = { overrides, updatedAt: now };
    await repos.riskThresholds.save(accountId, stored);
    // Due times were predicted from the old bands: every ongoing order is looked at again.
    await repos.riskSweep.checkAccountNow(accountId);
    await repos.live.notify(settingsEvent(accountId));
    return stored;
  });
  deps.riskThresholds.invalidate(accountId);
  return settingsOf(saved);
}

function applyPatch(current: RiskThresholdOverrides, patch: RiskThresholdPatch): RiskThresholdOverrides {
  const next: RiskThresholdOverrides = { ...current };
  for (const [key, band] of Object.entries(patch) as [RiskKey, RiskThresholdPatch[RiskKey]][]) {
    if (band === undefined) continue;
    if (band === null) {
      delete next[key];
      continue;
    }
    const merged: Partial<RiskBand> = { ...next[key] };
    for (const side of ['yellow', 'red'] as const) {
      const v = band[side];
      if (v === null) delete merged[side];
      else if (v !== undefined) merged[side] = v;
    }
    if (Object.keys(merged).length === 0) delete next[key];
    else next[key] = merged;
  }
  return next;
}

const settingsOf = (stored: { overrides: RiskThresholdOverrides; updatedAt: Date } | null): RiskThresholdSettings => {
  const overrides = stored?.overrides ?? {};
  return {
    effective: mergeThresholds(DEFAULT_RISK_THRESHOLDS, overrides),
    overrides,
    defaults: DEFAULT_RISK_THRESHOLDS,
    updatedAt: stored?.updatedAt ?? null,
  };
};
