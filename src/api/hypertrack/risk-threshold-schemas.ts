import { z } from 'zod';
import { RISK_KEYS } from '../../core/order/types.ts';
import type { RiskThresholdSettings } from '../../services/tracking/risk-threshold-settings.ts';

const Band = z.object({ yellow: z.number(), red: z.number() });
const Thresholds = z.object(Object.fromEntries(RISK_KEYS.map((k) => [k, Band])) as Record<(typeof RISK_KEYS)[number], typeof Band>);
const PartialBand = z.object({ yellow: z.number().optional(), red: z.number().optional() });

export const RiskThresholdsResponse = z.object({
  risk_thresholds: Thresholds.describe('What risk evaluation uses: the defaults with the overrides laid over them'),
  overrides: z
    .strictObject(
      Object.fromEntries(RISK_KEYS.map((k) => [k, PartialBand.optional()])) as Record<(typeof RISK_KEYS)[number], z.ZodOptional<typeof PartialBand>>,
    )
    .describe('Only what the account changed'),
  defaults: Thresholds,
  updated_at: z.string().nullable(),
});

/** A side set to null drops that override; a risk set to null drops both. Unknown keys are refused. */
const PatchBand = z.strictObject({ yellow: z.number().nullable().optional(), red: z.number().nullable().optional() }).nullable().optional();

export const RiskThresholdsPatchBody = z.strictObject({
  risk_thresholds: z.strictObject(Object.fromEntries(RISK_KEYS.map((k) => [k, PatchBand])) as Record<(typeof RISK_KEYS)[number], typeof PatchBand>),
});

export const renderRiskThresholds = (s: RiskThresholdSettings) => ({
  risk_thresholds: s.effective,
  overrides: s.overrides,
  defaults: s.defaults,
  updated_at: s.updatedAt?.toISOString() ?? null,
});
