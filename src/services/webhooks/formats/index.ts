import type { WebhookFormat } from '../../../core/webhook.ts';
import type { WebhookRenderer } from './format.ts';
import { hypertrackRenderer } from './hypertrack.ts';

/**
 * The formats whose payloads exist. Uber Direct (`event.delivery_status`, `event.courier_update`)
 * and Bringg (`webhook_type` + `merchant_id`) plug in here when their dialects land; until then
 * an endpoint of those formats is refused at creation.
 */
export const RENDERERS: Partial<Record<WebhookFormat, WebhookRenderer>> = {
  hypertrack: hypertrackRenderer,
};

export const rendererFor = (format: WebhookFormat): WebhookRenderer | undefined => RENDERERS[format];
