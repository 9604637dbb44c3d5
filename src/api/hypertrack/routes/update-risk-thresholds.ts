import { updateRiskThresholds } from '../../../services/tracking/risk-threshold-settings.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRiskThresholds, RiskThresholdsPatchBody, RiskThresholdsResponse } from '../risk-threshold-schemas.ts';
import { commonErrors } from '../schemas.ts';
import { RISK_THRESHOLDS_PATH } from './get-risk-thresholds.ts';

export const registerUpdateRiskThresholds = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: RISK_THRESHOLDS_PATH,
    schema: {
      tags: ['Settings'],
      summary: "Override the account's risk thresholds (a merge patch)",
      description:
        '`{"risk_thresholds": {"is_offline": {"red": 1800}}}` changes one side and keeps the other. `null` on a side ' +
        'returns it to the default; `null` on a risk returns both. Bands must stay ordered (yellow ≤ red, battery ' +
        'yellow ≥ red). Applies to the next fix and the next sweep on every server.',
      body: RiskThresholdsPatchBody,
      response: { 200: RiskThresholdsResponse, ...commonErrors },
    },
    handler: async (req) => renderRiskThresholds(await updateRiskThresholds(ctx.deps, req.accountId, req.body.risk_thresholds)),
  });
