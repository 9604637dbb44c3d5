import { type OutboxEvent, orderSubject } from '../../../core/webhook.ts';
import { renderDelivery } from '../../uber/delivery-document.ts';
import { COURIER_UPDATE } from '../../uber/courier-updates.ts';
import { hasActiveCourier } from '../../uber/webhook-delivery.ts';
import { tokenize } from '../../uber/uber-ids.ts';
import type { RenderContext, WebhookRenderer } from './format.ts';

export const UBER_EVENT_NAMES = ['event.delivery_status', 'event.courier_update'] as const;

/** Uber ids are a prefix and the tokenized uuid (reference §6); the event id is the outbox's stable uuid. */
const evtId = (eventId: string) => (/^[0-9a-f-]{36}$/i.test(eventId) ? tokenize('evt', eventId) : `evt_${eventId}`);

/**
 * event.courier_update for the ticker's events while a courier is on the way; for every other
 * event of an Uber delivery, event.delivery_status when its status or courier_imminent moved since
 * the last one (the fan-out records what it announced). Other dialects' orders send nothing.
 */
async function uberEventName(event: OutboxEvent, ctx: RenderContext): Promise<string | null> {
  if (event.type === COURIER_UPDATE) {
    const snap = await ctx.lookups.uberDelivery(event);
    return snap && hasActiveCourier(snap.view) ? 'event.courier_update' : null;
  }
  return (await ctx.lookups.uberAnnounce(event)) ? 'event.delivery_status' : null;
}

/**
 * The envelopes of reference §10 with `data` the full Delivery object as it is when sent
 * (deliveries are at-least-once and may arrive out of order; `data.updated` orders them).
 */
async function render(event: OutboxEvent, ctx: RenderContext): Promise<string> {
  const snap = await ctx.lookups.uberDelivery(event);
  if (!snap) throw new Error(`event ${event.eventId} is no longer about an Uber delivery`);
  const v = snap.view;
  const d = v.delivery;
  const data = renderDelivery(v, ctx.publicUrl);
  if (event.type === COURIER_UPDATE) {
    return JSON.stringify({
      id: evtId(event.eventId),
      kind: 'event.courier_update',
      created: event.createdAt.toISOString(),
      live_mode: d.liveMode,
      delivery_id: d.deliveryId,
      job_id: d.uuid,
      location: v.courier?.location ?? orderSubject(event).data.location ?? null,
      data,
    });
  }
  const routeId = (v.status === 'pickup' ? v.pick : v.drop).routeHandle;
  return JSON.stringify({
    id: evtId(event.eventId),
    kind: 'event.delivery_status',
    status: v.status,
    created: event.createdAt.toISOString(),
    live_mode: d.liveMode,
    delivery_id: d.deliveryId,
    customer_id: snap.customerId,
    developer_id: d.accountId,
    account_id: d.accountId,
    ...(routeId ? { route_id: routeId } : {}),
    data,
  });
}

export const uberRenderer: WebhookRenderer = {
  format: 'uber',
  eventNames: UBER_EVENT_NAMES,
  eventName: uberEventName,
  render,
};
