import type { Deps } from '../deps.ts';
import { subjectOf } from '../webhooks/outbox.ts';
import { readDeliveryView } from './delivery-view.ts';
import { announcedState, hasActiveCourier } from './webhook-delivery.ts';

/** Uber: event.courier_update every ~20 s while a courier is assigned (reference §10). */
export const COURIER_UPDATE_SECONDS = 20;

/** Outbox event types only the Uber format sends (their subject is the delivery's dropoff stop). */
export const COURIER_UPDATE = 'uber_courier_update';
export const STATUS_CHECK = 'uber_status_check';

const PAGE = 500;

/**
 * One tick: for every delivery with a courier on the way, in accounts with an Uber endpoint, an
 * event.courier_update; and, where the tracking engine moved the status or courier_imminent without
 * an order event (an ETA under a minute, leaving the pickup), a status check the fan-out announces.
 */
export async function enqueueCourierUpdates(deps: Deps): Promise<number> {
  const repos = deps.store.repos;
  const now = deps.clock.now();
  let after: string | null = null;
  let queued = 0;
  for (;;) {
    const page = await repos.uber.listCourierActive(after, PAGE);
    for (const d of page) {
      const view = await readDeliveryView(repos, d.accountId, d.deliveryId, now);
      if (!view || !hasActiveCourier(view)) continue;
      const data = { location: view.courier?.location ?? null };
      const base = { accountId: d.accountId, orderId: view.drop.id, recordedAt: now, createdAt: now };
      const events = [{ ...base, type: COURIER_UPDATE, subject: subjectOf(view.drop, data) }];
      if (announcedState(view) !== d.announced) events.unshift({ ...base, type: STATUS_CHECK, subject: subjectOf(view.drop, {}) });
      await repos.webhookOutbox.enqueue(events);
      queued += events.length;
    }
    if (page.length < PAGE) return queued;
    after = page.at(-1)!.deliveryId;
  }
}
