import type { WebhookFormat } from '../../../core/webhook.ts';
import type { WebhookRenderer } from './format.ts';
import { bringgRenderer } from './bringg.ts';
import { hypertrackRenderer } from './hypertrack.ts';
import { uberRenderer } from './uber.ts';

/** The formats whose payloads exist; an endpoint of any other format is refused at creation. */
export const RENDERERS: Partial<Record<WebhookFormat, WebhookRenderer>> = {
  hypertrack: hypertrackRenderer,
  bringg: bringgRenderer,
  uber: uberRenderer,
};

export const rendererFor = (format: WebhookFormat): WebhookRenderer | undefined => RENDERERS[format];
