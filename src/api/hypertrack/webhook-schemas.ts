import { z } from 'zod';
import { DELIVERY_STATES, WEBHOOK_FORMATS } from '../../core/webhook.ts';
import { int4, queryInt4 } from '../shared/storable.ts';

// Dropline's own management API for webhook endpoints (HyperTrack configures its one URL in a
// dashboard; Uber per URL in a dashboard; Bringg per event type) — docs/webhooks.md.

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Not a valid HTTP header name');

export const WebhookParams = z.object({ webhook_id: z.string().min(1).max(100) });
export const DeliveryParams = WebhookParams.extend({ delivery_id: z.string().min(1).max(40) });

export const CreateWebhookBody = z.object({
  url: z.string().min(1).max(2048),
  format: z.enum(WEBHOOK_FORMATS).default('hypertrack'),
  events: z.array(z.string().min(1).max(100)).min(1).max(100).nullish(),
  secret: z.string().min(16).max(512).optional(),
  auth_header_name: headerName.nullish(),
  description: z.string().max(1000).nullish(),
  enabled: z.boolean().optional(),
});

export const UpdateWebhookBody = z.object({
  url: z.string().min(1).max(2048).optional(),
  events: z.array(z.string().min(1).max(100)).min(1).max(100).nullish(),
  auth_header_name: headerName.nullish(),
  description: z.string().max(1000).nullish(),
  enabled: z.boolean().optional(),
});

export const RotateSecretBody = z
  .object({
    secret: z.string().min(16).max(512).optional(),
    grace_period_seconds: int4()
      .min(0)
      .max(30 * 86400)
      .optional(),
  })
  .nullish();

export const DeliveriesQuery = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  limit: queryInt4().min(1).max(500).default(100),
  pagination_token: z
    .string()
    .regex(/^\d{1,18}$/, 'Not a pagination token')
    .optional(),
});

const instant = z.iso.datetime();

/** The endpoint as webhook-map.ts renders it. */
export const WebhookResponse = z.strictObject({
  id: z.string(),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  events: z.array(z.string()).nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  auth_header_name: z.string().nullable(),
  secret: z.string().optional().describe('Only in the answers to create and rotate-secret'),
  previous_secret_expires_at: instant.nullable(),
  created_at: instant,
  updated_at: instant,
});

/** One delivery of one event to one endpoint, as webhook-map.ts renders it. */
export const DeliveryResponse = z.strictObject({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  order_handle: z.string().nullable().describe('Null for route, worker and device events'),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  next_attempt_at: instant.nullable().describe('Set while the delivery is pending'),
  last_attempt_at: instant.nullable(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: instant.nullable(),
  created_at: instant,
});
