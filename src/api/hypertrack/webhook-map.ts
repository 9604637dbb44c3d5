import type { Delivery, WebhookEndpoint } from '../../core/webhook.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The endpoint as the API shows it; the secret only when it was just made. */
export const renderWebhook = (e: WebhookEndpoint, opts: { withSecret?: boolean } = {}) => ({
  id: e.id,
  url: e.url,
  format: e.format,
  events: e.events,
  description: e.description,
  enabled: e.enabled,
  auth_header_name: e.authHeaderName,
  ...(opts.withSecret ? { secret: e.secret } : {}),
  previous_secret_expires_at: iso(e.previousSecretExpiresAt),
  created_at: iso(e.createdAt),
  updated_at: iso(e.updatedAt),
});

export const renderDelivery = (d: Delivery) => ({
  id: d.id,
  event_id: d.eventId,
  event_type: d.eventType,
  order_handle: d.orderHandle,
  state: d.state,
  attempts: d.attempts,
  next_attempt_at: d.state === 'pending' ? iso(d.nextAttemptAt) : null,
  last_attempt_at: iso(d.lastAttemptAt),
  last_status: d.lastStatus,
  last_error: d.lastError,
  delivered_at: iso(d.deliveredAt),
  created_at: iso(d.createdAt),
});
