import { DomainError } from '../../core/errors.ts';
import { haversine } from '../../core/geo.ts';
import type { OrderType } from '../../core/order/types.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import type { UberDelivery, UberQuote } from '../../store/repos/uber.repo.ts';
import { isUniqueViolation, type Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { dispatchOrders } from '../dispatch/dispatch-orders.ts';
import { newOrderChange } from '../orders/insert-order.ts';
import { saveChanges } from '../orders/save-change.ts';
import type { OrderDraft } from '../orders/order-draft.ts';
import { parseAddress } from './addresses.ts';
import { isComplete } from './delivery-status.ts';
import { inCallersWorld } from './find-delivery.ts';
import { type DeliveryView, loadDeliveryView, viewFrom } from './delivery-view.ts';
import type { PlaceInput } from './places.ts';
import type { RequestedWindows } from './time-windows.ts';
import { feeOf } from './pricing.ts';
import { planTrip } from './trip-plan.ts';
import type { UberCaller } from './uber-auth.ts';
import { tokenize } from './uber-ids.ts';
import { uberRefusal } from './uber-refusal.ts';

export interface CreateDeliveryInput {
  pickup: PlaceInput;
  dropoff: PlaceInput;
  windows: RequestedWindows;
  quoteId: string | null;
  tip: number;
  externalId: string | null;
  idempotencyKey: string | null;
  /** test_specifications.robo_courier_specification.mode === "auto" (test credentials only). */
  robo: boolean;
  /** The request's other Uber fields, kept verbatim for rendering (names, phones, manifest, notes, verification…). */
  request: Record<string, unknown>;
}

/** Uber: an idempotency key holds for 60 minutes by default (reference §5). */
const IDEMPOTENCY_MS = 60 * 60_000;
/** A create names "the same places" as its quote when each end is within this distance (docs/uber-direct.md). */
const QUOTE_MATCH_METRES = 100;
/** The native API's default geofence radius. */
const GEOFENCE_METRES = 100;
/** Minutes a courier spends at each waypoint (the core's expected service time). */
const SERVICE_SECONDS = 300;

export const duplicateDelivery = (deliveryId: string) =>
  new DomainError('duplicate_resource', 'An active delivery like this already exists.', { entity: 'delivery', deliveryId });

export function stopDraft(handle: string, type: OrderType, point: LngLat, address: string, window: { ready: Date; deadline: Date }): OrderDraft {
  return {
    orderHandle: handle,
    type,
    typeIndex: 0,
    destination: { geometry: { type: 'Point', coordinates: point }, address: parseAddress(address).formatted, radius: GEOFENCE_METRES },
    scheduledAt: window.deadline,
    scheduledAfter: window.ready,
    expectedServiceTime: SERVICE_SECONDS,
    capacityUsed: 1,
    priority: null,
    productType: null,
    metadata: {},
    opsGroupHandle: null,
    trackMode: null,
    planMode: 'manual',
  };
}

/** Uber generates the dropoff pincode and shows it on GET (reference §5, §6). */
function pincodeOf(request: Record<string, unknown>, uuid: string): { pincode?: string } {
  const v = request.dropoff_verification as { pincode?: { enabled?: boolean } } | undefined;
  if (!v?.pincode?.enabled) return {};
  return { pincode: String(Number.parseInt(uuid.replaceAll('-', '').slice(-8), 16) % 10_000).padStart(4, '0') };
}

async function checkQuote(repos: Repos, caller: UberCaller, quoteId: string, pickup: LngLat, dropoff: LngLat, now: Date): Promise<UberQuote> {
  const quote = await repos.uber.findQuote(caller.accountId, quoteId, { forUpdate: true });
  if (!quote || !inCallersWorld(quote, caller)) {
    throw uberRefusal('invalid_params', 'quote_id names no quote of this customer', { quote_id: 'The price quote specified does not exist.' });
  }
  if (quote.deliveryId) throw uberRefusal('used_quote', 'The price quote specified has been used.');
  if (quote.expiresAt <= now) throw uberRefusal('expired_quote', 'The price quote specified has expired.');
  if (haversine(quote.route.pickup, pickup) > QUOTE_MATCH_METRES || haversine(quote.route.dropoff, dropoff) > QUOTE_MATCH_METRES) {
    throw uberRefusal('mismatched_price_quote', 'Quote mismatch, please recreate the quote.');
  }
  return quote;
}

/** An external_id is taken while a delivery carrying it is still going (reference §9 duplicate_delivery). */
async function checkExternalId(repos: Repos, caller: UberCaller, externalId: string, now: Date): Promise<void> {
  for (const other of await repos.uber.listByExternalId(caller.accountId, externalId)) {
    if (!inCallersWorld(other, caller)) continue;
    const view = await loadDeliveryView(repos, other, now);
    if (!isComplete(view.status)) throw duplicateDelivery(other.deliveryId);
  }
}

/**
 * POST /deliveries: one core order handle with a pick and a drop stop, plus the Uber row, written
 * by one order-change statement, so a refused create leaves nothing. A create that names an
 * idempotency key, an external id or a quote first checks them, in a transaction with the write.
 */
export async function createDelivery(deps: Deps, caller: UberCaller, input: CreateDeliveryInput): Promise<DeliveryView> {
  const now = deps.clock.now();
  const { pickup, dropoff, leg, windows, pricing } = await planTrip(deps, caller.accountId, input, now);
  const uuid = deps.ids.uuid();
  const deliveryId = tokenize('del', uuid);
  const write = async (repos: Repos, quote: UberQuote | null): Promise<DeliveryView> => {
    const fee = feeOf(pricing, leg, input.tip, quote?.fee);
    // The handle is the new delivery's own id, minted above from a fresh uuid: no earlier record
    // of it can exist, so both stops are attempt 0 without reading.
    const newStop = (draft: OrderDraft) => newOrderChange(deps, repos, caller.accountId, draft, now, { assumeFirst: true });
    const pick = await newStop(stopDraft(deliveryId, 'pick', pickup, input.pickup.address, { ready: windows.pickupReady, deadline: windows.pickupDeadline }));
    const drop = await newStop(
      stopDraft(deliveryId, 'drop', dropoff, input.dropoff.address, { ready: windows.dropoffReady, deadline: windows.dropoffDeadline }),
    );
    const delivery: UberDelivery = {
      deliveryId,
      uuid: uuid.replaceAll('-', ''),
      accountId: caller.accountId,
      organizationId: caller.customerId,
      orderHandle: deliveryId,
      liveMode: caller.liveMode,
      quoteId: quote?.quoteId ?? null,
      externalId: input.externalId,
      idempotencyKey: input.idempotencyKey,
      fee,
      tip: input.tip,
      currency: quote?.currency ?? pricing.currency,
      robo: input.robo,
      details: { ...input.request, ...pincodeOf(input.request, uuid), dropline: { leg, pickupMinutes: pricing.pickupMinutes } },
      createdAt: now,
      updatedAt: now,
    };
    await saveChanges(
      repos,
      [pick, drop].map((change) => ({ change, opts: { isNew: true } })),
      { uberDeliveries: [delivery] },
    );
    return viewFrom(delivery, pick.order, drop.order, null, now);
  };
  const created = await createdView();
  return caller.liveMode ? dispatchLive(deps, created) : created;

  async function createdView(): Promise<DeliveryView> {
    if (!input.idempotencyKey && !input.externalId && !input.quoteId) return write(deps.store.repos, null);
    try {
      return await deps.store.transaction(async (repos) => {
        if (input.idempotencyKey) {
          await repos.uber.releaseIdempotencyKey(caller.accountId, input.idempotencyKey, new Date(now.getTime() - IDEMPOTENCY_MS));
          const earlier = await repos.uber.findDelivery(caller.accountId, { idempotencyKey: input.idempotencyKey });
          if (earlier) throw duplicateDelivery(earlier.deliveryId);
        }
        if (input.externalId) await checkExternalId(repos, caller, input.externalId, now);
        const quote = input.quoteId ? await checkQuote(repos, caller, input.quoteId, pickup, dropoff, now) : null;
        const view = await write(repos, quote);
        if (quote) await repos.uber.markQuoteUsed(quote.quoteId, deliveryId);
        return view;
      });
    } catch (e) {
      // Two concurrent creates with one idempotency key: the unique index decides.
      if (input.idempotencyKey && isUniqueViolation(e, 'uber_deliveries_idempotency')) {
        const winner = await deps.store.repos.uber.findDelivery(caller.accountId, { idempotencyKey: input.idempotencyKey });
        throw duplicateDelivery(winner?.deliveryId ?? '');
      }
      throw e;
    }
  }
}

/**
 * A live delivery is dispatched on creation (docs/uber-direct.md): its pick and drop go to the
 * best worker's route as one shipment, so a courier is assigned without a person acting; with
 * none, the delivery stays `pending` and its stops carry the reason.
 */
async function dispatchLive(deps: Deps, view: DeliveryView): Promise<DeliveryView> {
  await dispatchOrders(deps, view.delivery.accountId, [view.pick, view.drop]);
  return loadDeliveryView(deps.store.repos, view.delivery, deps.clock.now());
}
