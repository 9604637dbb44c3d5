import type { OutboxEvent, WebhookFormat } from '../../../core/webhook.ts';

export interface RenderContext {
  /** Base of share URLs (DROPLINE_PUBLIC_URL). */
  publicUrl: string;
}

/**
 * One vendor's payloads. A format is offered to endpoints only once its renderer exists
 * (formats/index.ts): no endpoint ever receives an invented body.
 */
export interface WebhookRenderer {
  readonly format: WebhookFormat;
  /** The event names an endpoint of this format may filter on. */
  readonly eventNames: readonly string[];
  /** The name the event goes out as, or null when this format does not send it. */
  eventName(event: OutboxEvent): string | null;
  /** The exact body to POST for one event; the same bytes on every attempt. */
  render(event: OutboxEvent, ctx: RenderContext): string;
}
