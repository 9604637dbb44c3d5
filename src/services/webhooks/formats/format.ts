import type { OutboxEvent, WebhookFormat } from '../../../core/webhook.ts';
import type { Repos } from '../../../store/store.ts';

export interface RenderContext {
  /** Base of share URLs (DROPLINE_PUBLIC_URL). */
  publicUrl: string;
  /**
   * Reads for formats whose payload is not the order alone (Bringg's task object, Uber's
   * delivery): the fan-out transaction's, or the store's when sending.
   */
  repos: Repos;
  now(): Date;
}

/**
 * One vendor's payloads. A format is offered to endpoints only once its renderer exists
 * (its dialect's `webhookFormat`): no endpoint ever receives an invented body.
 */
export interface WebhookRenderer {
  readonly format: WebhookFormat;
  /** The event names an endpoint of this format may filter on. */
  readonly eventNames: readonly string[];
  /** The name the event goes out as, or null when this format does not send it (decided at fan-out). */
  eventName(event: OutboxEvent, ctx: RenderContext): string | null | Promise<string | null>;
  /**
   * The exact body to POST for one event. HyperTrack's is the same bytes on every attempt;
   * Bringg's shows the task as it is when sent (docs/webhooks.md "Bringg payloads").
   */
  render(event: OutboxEvent, ctx: RenderContext): string | Promise<string>;
}
