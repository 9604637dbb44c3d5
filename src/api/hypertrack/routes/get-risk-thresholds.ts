import { getRiskThresholds } from '../../../services/tracking/risk-threshold-settings.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRiskThresholds, RiskThresholdsResponse } from '../risk-threshold-schemas.ts';
import { commonErrors } from '../schemas.ts';

export const RISK_THRESHOLDS_PATH = '/settings/risk-thresholds';

export const registerGetRiskThresholds = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: RISK_THRESHOLDS_PATH,
    schema: {
      tags: ['Settings'],
      summary: "The account's risk thresholds: effective bands, its overrides and Dropline's defaults",
      description: 'Units per risk are in docs/risks-and-eta.md (seconds, percent, a ratio, metres).',
      response: { 200: RiskThresholdsResponse, ...commonErrors },
    },
    handler: async (req) => renderRiskThresholds(await getRiskThresholds(ctx.deps, req.accountId)),
  });
