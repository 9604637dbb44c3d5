import type { OutboxEvent, WebhookFormat } from '../../../core/webhook.ts';
import type { BringgStopPlace, BringgTaskSnapshot } from '../../bringg/webhook-task.ts';
import type { UberEventSnapshot } from '../../uber/webhook-delivery.ts';

/**
 * Narrow reads for formats whose payload is not the order alone. Bringg's webhooks carry the
 * task object (several stops, ids of its own), which the frozen event subject cannot hold
 * without becoming Bringg-specific.
 */
export interface RenderLookups {
  /** Where the event's stop sits in its Bringg task; null when the order is not a Bringg task. */
  bringgStop(event: OutboxEvent): Promise<BringgStopPlace | null>;
  /** The Bringg task and the event's way point as they are now; null when not a Bringg task. */
  bringgTask(event: OutboxEvent): Promise<BringgTaskSnapshot | null>;
  /** The Uber delivery of the event's order as it is now; null when the order is not one. */
  uberDelivery(event: OutboxEvent): Promise<UberEventSnapshot | null>;
  /** At fan-out: whether the delivery's status or courier_imminent moved since the last announcement (and records it). */
  uberAnnounce(event: OutboxEvent): Promise<boolean>;
}

export interface RenderContext {
  /** Base of share URLs (DROPLINE_PUBLIC_URL). */
  publicUrl: string;
  lookups: RenderLookups;
}

/**
 * One vendor's payloads. A format is offered to endpoints only once its renderer exists
 * (formats/index.ts): no endpoint ever receives an invented body.
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
