import { isCancelled, isCompleted } from '../../core/order/statuses.ts';
/** Uber's Delivery and Quote objects, shared by the dialect's responses and its webhooks. */
import type { Order } from '../../core/order/types.ts';
import { parseAddress } from './addresses.ts';
import type { CourierView, DeliveryView } from './delivery-view.ts';
import { factsOf } from './delivery-view.ts';
import type { QuoteView } from './create-quote.ts';
import type { WaypointProof } from './proof-of-delivery.ts';
import { batchIdOf } from './uber-ids.ts';
import { FAILED, linksOf, undeliverableActionOf } from './undeliverable.ts';

const iso = (d: Date) => d.toISOString();
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const VEHICLES = new Set(['bicycle', 'car', 'van', 'truck', 'scooter', 'motorcycle', 'walker']);

export function renderQuote(q: QuoteView): Record<string, unknown> {
  return {
    kind: 'delivery_quote',
    id: q.quote.quoteId,
    created: iso(q.quote.createdAt),
    expires: iso(q.quote.expiresAt),
    fee: q.quote.fee,
    currency: q.quote.currency,
    currency_type: q.quote.currency.toUpperCase(),
    dropoff_eta: iso(q.dropoffEta),
    duration: q.duration,
    pickup_duration: q.pickupDuration,
    dropoff_deadline: iso(q.dropoffDeadline),
  };
}

/** Uber shows a courier as first name and last initial (seed 003 CourierInfo). */
function courierName(name: string | null, handle: string): string {
  const parts = (name ?? handle).trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return parts[0] ?? handle;
  return `${parts[0]} ${parts.at(-1)![0]!.toUpperCase()}.`;
}

function renderCourier(c: CourierView): Record<string, unknown> {
  const p = c.profile;
  const vehicle = str(p.vehicle_type);
  return {
    name: courierName(c.name, c.workerHandle),
    vehicle_type: VEHICLES.has(vehicle) ? vehicle : 'car',
    phone_number: str(p.phone_number) || str(p.phone),
    ...(c.location ? { location: c.location } : {}),
    img_href: str(p.img_href),
  };
}

const pointOf = (o: Order) => {
  const g = o.destination.geometry;
  const [lng, lat] = g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!;
  return { lat, lng };
};

function requirements(v: unknown, extra: { signature?: boolean; minAge?: boolean; pincode?: string; picture?: boolean }): Record<string, unknown> {
  const r = { ...((v && typeof v === 'object' ? v : {}) as Record<string, unknown>) };
  // Uber Note 2 on leave_at_door: a photo confirmation becomes a requirement of the dropoff.
  if (extra.picture) r.picture = true;
  if (extra.signature && !r.signature_requirement) r.signature_requirement = { enabled: true, collect_signer_name: false, collect_signer_relationship: false };
  if (extra.minAge && !r.identification) r.identification = { min_age: 21 };
  // Uber: the pincode value is generated and readable on GET (reference §6).
  if (extra.pincode && (r.pincode as { enabled?: boolean } | undefined)?.enabled) r.pincode = { enabled: true, value: extra.pincode };
  return r;
}

/** Seed 003 lists `verification` on every waypoint ("have/will occur"): empty until proof is collected. */
function renderProof(p: WaypointProof | undefined): Record<string, unknown> {
  if (!p) return {};
  return {
    ...(p.signature ? { signature: p.signature } : {}),
    ...(p.picture ? { picture: p.picture } : {}),
    ...(p.pincode ? { pin_code: p.pincode } : {}),
    ...(p.barcodes ? { barcodes: p.barcodes } : {}),
    ...(p.identification ? { identification: p.identification } : {}),
    ...(p.completion_location ? { completion_location: p.completion_location } : {}),
  };
}

/** A dropoff the courier could not complete is `failed` (returned, discarded), whatever happened to the items next. */
function waypointStatus(o: Order): Record<string, unknown> {
  if (isCompleted(o.status) && o.completedAt) return { status: 'completed', status_timestamp: iso(o.completedAt) };
  const failed = o.metadata[FAILED.returned] === true || o.metadata[FAILED.discarded] === true;
  if (isCancelled(o.status) && failed && o.cancelledAt) return { status: 'failed', status_timestamp: iso(o.cancelledAt) };
  return {};
}

type Side = 'pickup' | 'dropoff';

function renderWaypoint(v: DeliveryView, side: Side, stop: Order): Record<string, unknown> {
  const r = v.delivery.details;
  const address = parseAddress(str(r[`${side}_address`]));
  const proofs = (r.proof ?? {}) as Partial<Record<string, WaypointProof>>;
  const proof = renderProof(proofs[side]);
  return {
    name: str(r[`${side}_business_name`]) || str(r[`${side}_name`]),
    phone_number: str(r[`${side}_phone_number`]),
    address: address.formatted,
    detailed_address: address.detailed,
    notes: str(r[`${side}_notes`]),
    seller_notes: side === 'dropoff' ? str(r.dropoff_seller_notes) : '',
    courier_notes: '',
    location: pointOf(stop),
    verification: proof,
    verification_requirements: requirements(
      r[`${side}_verification`],
      side === 'dropoff'
        ? {
            signature: r.requires_dropoff_signature === true,
            minAge: r.requires_id === true,
            pincode: str(r.pincode),
            picture: r.undeliverable_action === 'leave_at_door',
          }
        : {},
    ),
    external_store_id: str(r.external_store_id),
    ...waypointStatus(stop),
  };
}

/**
 * Uber's `return` waypoint, only where a return applies (reference §6, §7): a forward delivery
 * whose undeliverable action is `return` (Uber's default). Once the dropoff failed it is the return
 * leg's drop stop — its place, proof and status; before, the place the items would go back to.
 * A delivery left at the door or discarded on failure, and a return leg itself, have none.
 */
function renderReturn(v: DeliveryView): Record<string, unknown> | null {
  const d = v.delivery;
  if (linksOf(d).originalId || undeliverableActionOf(d) !== 'return') return null;
  const r = d.details;
  const address = parseAddress(str(r.pickup_address));
  const leg = v.returnLeg;
  const proofs = (leg?.delivery.details.proof ?? {}) as Partial<Record<string, WaypointProof>>;
  return {
    name: str(r.pickup_business_name) || str(r.pickup_name),
    phone_number: str(r.pickup_phone_number),
    address: address.formatted,
    detailed_address: address.detailed,
    // The instructions at the place the items go back to: the pickup's (the return leg carries them).
    notes: leg ? str(leg.delivery.details.dropoff_notes) : str(r.pickup_notes),
    seller_notes: '',
    courier_notes: '',
    location: pointOf(leg?.drop ?? v.pick),
    verification: renderProof(proofs.dropoff),
    verification_requirements: requirements(r.return_verification, {}),
    external_store_id: str(r.external_store_id),
    ...(leg ? waypointStatus(leg.drop) : {}),
  };
}

/** The other leg of a return (seed 003 RelatedDelivery): the return of a forward delivery, the original of a return. */
function relatedDeliveries(v: DeliveryView): { id: string; relationship: 'original' | 'returned' }[] {
  const links = linksOf(v.delivery);
  if (links.originalId) return [{ id: links.originalId, relationship: 'original' }];
  if (links.returnId) return [{ id: links.returnId, relationship: 'returned' }];
  return [];
}

/** The resulting action (not the requested one, OpenAPI undeliverable_action): `""` unless the dropoff failed. */
function undeliverable(v: DeliveryView): { action: '' | 'returned' | 'left_at_door'; reason: string } {
  const m = v.drop.metadata;
  const reason = str(m[FAILED.reason]);
  if (v.status === 'returned') return { action: 'returned', reason };
  if (isCompleted(v.drop.status) && m[FAILED.leftAtDoor] === true) return { action: 'left_at_door', reason };
  if (isCancelled(v.drop.status) && m[FAILED.discarded] === true) return { action: '', reason };
  return { action: '', reason: '' };
}

const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const later = (a: Date, b: Date) => (a > b ? a : b);

/** The tracking engine's estimate where there is one; the price model's allowance before that. */
function etas(v: DeliveryView): { pickup: Date; dropoff: Date } {
  const { pick, drop, now } = v;
  const facts = factsOf(v.delivery);
  const pickEstimate = pick.tracking.estimate ? new Date(pick.tracking.estimate.arriveAt) : null;
  const pickup = isCompleted(pick.status)
    ? (pick.tracking.arrivedAt ?? pick.completedAt ?? now)
    : (pickEstimate ?? plus(later(now, pick.scheduledAfter ?? now), facts.pickupMinutes * 60));
  const dropEstimate = drop.tracking.estimate ? new Date(drop.tracking.estimate.arriveAt) : null;
  const dropoff = isCompleted(drop.status)
    ? (drop.tracking.arrivedAt ?? drop.completedAt ?? now)
    : (dropEstimate ?? plus(isCompleted(pick.status) ? later(now, pickup) : plus(pickup, pick.expectedServiceTime), facts.leg.duration));
  return { pickup, dropoff };
}

/** One Delivery object (seed 003, reference §6), for create, get, list, update and cancel. */
export function renderDelivery(v: DeliveryView, publicUrl: string): Record<string, unknown> {
  const d = v.delivery;
  const r = d.details;
  const eta = etas(v);
  const items = (Array.isArray(r.manifest_items) ? r.manifest_items : []) as Record<string, unknown>[];
  const returned = v.status === 'returned';
  const ret = renderReturn(v);
  const failure = undeliverable(v);
  return {
    id: d.deliveryId,
    uuid: d.uuid,
    kind: 'delivery',
    ...(d.quoteId ? { quote_id: d.quoteId } : {}),
    status: v.status,
    complete: v.status === 'delivered' || v.status === 'canceled' || returned,
    courier_imminent: v.courierImminent,
    ...(v.courier ? { courier: renderCourier(v.courier) } : {}),
    created: iso(d.createdAt),
    updated: iso(later(d.updatedAt, later(v.pick.updatedAt, v.drop.updatedAt))),
    pickup_ready: iso(v.pick.scheduledAfter ?? d.createdAt),
    pickup_deadline: iso(v.pick.scheduledAt ?? d.createdAt),
    pickup_eta: iso(eta.pickup),
    dropoff_ready: iso(v.drop.scheduledAfter ?? d.createdAt),
    dropoff_deadline: iso(v.drop.scheduledAt ?? d.createdAt),
    dropoff_eta: iso(eta.dropoff),
    fee: d.fee,
    tip: d.tip,
    currency: d.currency,
    live_mode: d.liveMode,
    manifest: {
      reference: str(r.manifest_reference),
      description: items.map((i) => `${i.quantity} x ${i.name}`).join('\n'),
      total_value: typeof r.manifest_total_value === 'number' ? r.manifest_total_value : 0,
    },
    manifest_items: items.map((i) => ({ ...i, size: i.size === 'big' ? 'large' : (i.size ?? 'small') })),
    pickup: renderWaypoint(v, 'pickup', v.pick),
    dropoff: renderWaypoint(v, 'dropoff', v.drop),
    ...(ret ? { return: ret } : {}),
    related_deliveries: relatedDeliveries(v),
    tracking_url: `${publicUrl}/t/${v.drop.shareCode}`,
    undeliverable_action: failure.action,
    undeliverable_reason: failure.reason,
    ...(r.deliverable_action ? { deliverable_action: r.deliverable_action } : {}),
    dropoff_identifier: v.status === 'delivered' ? str(r.dropoff_name) : '',
    ...(d.externalId ? { external_id: d.externalId } : {}),
    // Reference §6: the batch the delivery is picked up in — absent until a courier's route has it.
    ...(v.pick.routeHandle ? { batch_id: batchIdOf(v.pick.routeHandle) } : {}),
  };
}
