import type { Kysely } from 'kysely';
import type { RiskThresholdOverrides } from '../../core/tracking/risk-thresholds.ts';
import type { DB } from '../schema.ts';

export interface StoredRiskThresholds {
  overrides: RiskThresholdOverrides;
  updatedAt: Date;
}

export interface RiskThresholdsRepo {
  /** The account's overrides; null when it never changed a threshold. */
  find(accountId: string, opts?: { forUpdate?: boolean }): Promise<StoredRiskThresholds | null>;
  save(accountId: string, stored: StoredRiskThresholds): Promise<void>;
}

export class KyselyRiskThresholdsRepo implements RiskThresholdsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async find(accountId: string, opts: { forUpdate?: boolean } = {}): Promise<StoredRiskThresholds | null> {
    let q = this.db.selectFrom('account_risk_thresholds').selectAll().where('account_id', '=', accountId);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) return null;
    const overrides = typeof row.overrides === 'string' ? JSON.parse(row.overrides) : row.overrides;
    return { overrides: overrides as RiskThresholdOverrides, updatedAt: row.updated_at };
  }

  async save(accountId: string, stored: StoredRiskThresholds): Promise<void> {
    const overrides = JSON.stringify(stored.overrides);
    await this.db
      .insertInto('account_risk_thresholds')
      .values({ account_id: accountId, overrides, updated_at: stored.updatedAt })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ overrides, updated_at: stored.updatedAt }))
      .execute();
  }
}
