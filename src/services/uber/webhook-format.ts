import { type OutboxEvent, orderSubject } from '../../core/webhook.ts';
import type { DialectWebhookFormat } from '../dialects/dialect.ts';
import type { RenderContext, WebhookRenderer } from '../webhooks/formats/format.ts';
import { hmacHex } from '../webhooks/signers.ts';
import { COURIER_UPDATE } from './courier-updates.ts';
import { renderDelivery } from './delivery-document.ts';
import { tokenize } from './uber-ids.ts';
import { announceIfChanged, hasActiveCourier, uberEventSnapshot } from './webhook-delivery.ts';

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
    const snap = await uberEventSnapshot(ctx.repos, event.accountId, orderSubject(event).order_handle, ctx.now());
    return snap && hasActiveCourier(snap.view) ? 'event.courier_update' : null;
  }
  return (await announceIfChanged(ctx.repos, event.accountId, orderSubject(event).order_handle, ctx.now())) ? 'event.delivery_status' : null;
}

/**
 * The envelopes of reference §10 with `data` the full Delivery object as it is when sent
 * (deliveries are at-least-once and may arrive out of order; `data.updated` orders them).
 */
async function render(event: OutboxEvent, ctx: RenderContext): Promise<string> {
  const snap = await uberEventSnapshot(ctx.repos, event.accountId, orderSubject(event).order_handle, ctx.now());
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

/**
 * Uber Direct: hex HMAC-SHA256 of the raw body in `x-uber-signature` and in the legacy
 * `x-postmates-signature` — both, as the Uber reference §10 says. Retried "on non-2xx/network
 * error with exponential backoff" (reference §10).
 */
export const uberWebhookFormat: DialectWebhookFormat = {
  format: 'uber',
  renderer: uberRenderer,
  sign: (e, body) => {
    const sig = hmacHex(e.secret, body);
    return { 'x-uber-signature': sig, 'x-postmates-signature': sig };
  },
  verdict: () => 'retry',
  signsWithPreviousSecret: true,
};
