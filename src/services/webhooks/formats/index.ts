import type { WebhookFormat } from '../../../core/webhook.ts';
import type { WebhookRenderer } from './format.ts';
import { bringgRenderer } from './bringg.ts';
import { hypertrackRenderer } from './hypertrack.ts';

/**
 * The formats whose payloads exist. Uber Direct (`event.delivery_status`, `event.courier_update`)
 * plugs in here when its dialect lands; until then an endpoint of that format is refused at creation.
 */
export const RENDERERS: Partial<Record<WebhookFormat, WebhookRenderer>> = {
  hypertrack: hypertrackRenderer,
  bringg: bringgRenderer,
};

export const rendererFor = (format: WebhookFormat): WebhookRenderer | undefined => RENDERERS[format];
