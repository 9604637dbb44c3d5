import { z } from 'zod';
import type { PriceModel } from '../../../core/pricing.ts';
import { loadPricing, updatePricing } from '../../../services/uber/pricing.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { int4 } from '../../shared/storable.ts';

const minor = int4().min(0).max(10_000_000);

const Pricing = z.object({
  base_fee: minor,
  per_km: minor,
  per_minute: minor,
  currency: z.string().regex(/^[a-z]{3}$/, 'a lower-case ISO 4217 code, e.g. usd'),
  pickup_minutes: int4()
    .min(0)
    .max(24 * 60),
});

const render = (p: PriceModel) => ({
  base_fee: p.baseFee,
  per_km: p.perKm,
  per_minute: p.perMinute,
  currency: p.currency,
  pickup_minutes: p.pickupMinutes,
});

const DESCRIPTION =
  'The price model of Uber Direct quotes and deliveries (Dropline extension, docs/uber-direct.md): ' +
  '`fee = base_fee + per_km × km + per_minute × minutes` of the pickup→dropoff leg, in minor units of ' +
  '`currency`; `pickup_minutes` is the time to a courier at the pickup used before one is assigned. ' +
  'A change applies to quotes and deliveries made afterwards.';

export const registerUberPricing = (app: HtApp, ctx: HtContext) => {
  defineRoute(app, {
    method: 'GET',
    url: '/uber/pricing',
    schema: {
      tags: ['Uber Direct'],
      summary: 'The account’s Uber Direct price model',
      description: DESCRIPTION,
      response: { 200: Pricing, ...commonErrors },
    },
    handler: async (req) => render(await loadPricing(ctx.deps, req.accountId)),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/uber/pricing',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Change the account’s Uber Direct price model (fields not sent keep their value)',
      description: DESCRIPTION,
      body: Pricing.partial(),
      response: { 200: Pricing, ...commonErrors },
    },
    handler: async (req) => {
      const b = req.body;
      const patch: Partial<PriceModel> = {
        ...(b.base_fee !== undefined ? { baseFee: b.base_fee } : {}),
        ...(b.per_km !== undefined ? { perKm: b.per_km } : {}),
        ...(b.per_minute !== undefined ? { perMinute: b.per_minute } : {}),
        ...(b.currency !== undefined ? { currency: b.currency } : {}),
        ...(b.pickup_minutes !== undefined ? { pickupMinutes: b.pickup_minutes } : {}),
      };
      return render(await updatePricing(ctx.deps, req.accountId, patch));
    },
  });
};
