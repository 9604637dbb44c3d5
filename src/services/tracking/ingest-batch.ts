import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import type { Deps } from '../deps.ts';
import { ingestFresh } from './ingest-fresh.ts';
import { ingestLocked } from './ingest-locked.ts';
import type { GroupContext, IngestCaches, IngestResult, IngestUnit } from './prepare-unit.ts';
import { RECENT_MS } from './recent-fix-windows.ts';

export type { IngestCaches, IngestResult, IngestUnit } from './prepare-unit.ts';

/**
 * Stores the fixes of several devices (one unit per device) and folds the new ones into every
 * order those devices are tracking, atomically: the group applies or rolls back as a whole. Per
 * device the semantics are those of a lone request: impossible fixes dropped with a counted
 * reason, fixes already stored for that device and time skipped, out-of-order fixes kept as
 * history. The common case is one statement (ingest-fresh.ts); anything else, or a row that
 * changed under it, takes one transaction under row locks (ingest-locked.ts).
 */
export async function ingestBatch(deps: Deps, caches: IngestCaches, units: readonly IngestUnit[]): Promise<IngestResult[]> {
  const now = deps.clock.now();
  const thresholds = new Map<string, RiskThresholds>();
  const locations = new Map<string, boolean>();
  for (const accountId of new Set(units.map((u) => u.accountId))) {
    thresholds.set(accountId, await deps.riskThresholds.get(accountId));
    locations.set(accountId, await deps.locationSubscriptions.wanted(accountId));
  }
  const ctx: GroupContext = {
    now,
    since: new Date(now.getTime() - RECENT_MS),
    thresholdsOf: (id) => thresholds.get(id)!,
    locationsWanted: (id) => locations.get(id) ?? false,
    eta: deps.eta,
    regions: deps.regions,
    crossesGeofence: (events) => deps.dialects.some((d) => d.onGeofence?.crosses(events)),
  };
  const fresh = await ingestFresh(deps, caches, units, ctx);
  if (typeof fresh !== 'string') return fresh;
  deps.metrics.observeIngestFallback(fresh);
  return ingestLocked(deps, caches, units, ctx);
}
