import type { FastifyInstance } from 'fastify';
import { updateDelivery } from '../../../services/uber/update-delivery.ts';
import { invalidParams } from '../../../services/uber/uber-refusal.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderDelivery } from '../map.ts';
import { DeliveryResponse, uberErrors } from '../response-schemas.ts';
import { DeliveryParams, UpdateBody } from '../schemas.ts';

const KEPT = [
  'dropoff_notes',
  'dropoff_seller_notes',
  'dropoff_verification',
  'manifest_reference',
  'pickup_notes',
  'pickup_verification',
  'requires_dropoff_signature',
  'requires_id',
] as const;

// Uber: update is a POST on the delivery, not a PATCH (reference §2).
export const registerUpdateDelivery = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/customers/:customer_id/deliveries/:delivery_id',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Update Delivery: notes, verification, tip, dropoff coordinates',
      security: [{ bearerAuth: [] }],
      params: DeliveryParams,
      body: UpdateBody,
      response: { 200: DeliveryResponse, ...uberErrors },
    },
    examples: { body: { dropoff_notes: 'Second floor, ring twice', tip_by_customer: 300 } },
    auth: uberAuth(ctx),
    handler: async (req) => {
      const b = req.body;
      if ((b.dropoff_latitude === undefined) !== (b.dropoff_longitude === undefined)) {
        throw invalidParams({ param_details: 'dropoff_latitude and dropoff_longitude are sent together.' });
      }
      const fields = Object.fromEntries(KEPT.filter((k) => b[k] !== undefined).map((k) => [k, b[k]]));
      const view = await updateDelivery(ctx.deps, callerOf(req), req.params.delivery_id, {
        fields,
        tipByCustomer: b.tip_by_customer ?? null,
        dropoff: b.dropoff_latitude !== undefined && b.dropoff_longitude !== undefined ? { lat: b.dropoff_latitude, lng: b.dropoff_longitude } : null,
      });
      return renderDelivery(view, ctx.publicUrl);
    },
  });
