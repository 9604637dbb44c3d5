import { isTerminal } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import { currentDevice } from '../../core/worker.ts';
import type { UberDelivery } from '../../store/repos/uber.repo.ts';
import type { Repos } from '../../store/store.ts';
import { currentStops } from '../../core/order/current-stops.ts';
import { linksOf } from './undeliverable.ts';
import { type UberStatus, currentStop, deliveryStatus, isCourierImminent } from './delivery-status.ts';

export interface CourierView {
  workerHandle: string;
  name: string | null;
  profile: Record<string, unknown>;
  location: { lat: number; lng: number } | null;
}

/** A delivery as the Uber dialect shows it: its row, its two core stops and what tracking knows. */
export interface DeliveryView {
  delivery: UberDelivery;
  pick: Order;
  drop: Order;
  status: UberStatus;
  courierImminent: boolean;
  courier: CourierView | null;
  /** The return delivery made when the dropoff failed with action `return`, and its drop stop (back at the pickup). */
  returnLeg: ReturnLeg | null;
  /** For ETAs of stops nobody is tracking yet. */
  now: Date;
}

export interface ReturnLeg {
  delivery: UberDelivery;
  drop: Order;
}

/** What create stored besides the request's own fields (details.dropline). */
export interface DeliveryFacts {
  leg: { distance: number; duration: number };
  pickupMinutes: number;
}

export const factsOf = (d: UberDelivery): DeliveryFacts => d.details.dropline as DeliveryFacts;

/** The courier: the worker on an unfinished stop, else the last one who had the delivery. */
async function loadCourier(repos: Repos, accountId: string, stops: Order[]): Promise<CourierView | null> {
  const stop = stops.find((o) => o.workerHandle && !isTerminal(o.status)) ?? [...stops].reverse().find((o) => o.workerHandle);
  if (!stop?.workerHandle) return null;
  const worker = await repos.workers.find(accountId, stop.workerHandle);
  const deviceId = stop.deviceId ?? (worker ? currentDevice(worker) : null);
  const state = deviceId ? await repos.deviceStates.find(deviceId) : null;
  return {
    workerHandle: stop.workerHandle,
    name: worker?.name ?? null,
    profile: worker?.profile ?? {},
    location: state?.lastFix ? { lat: state.lastFix.lat, lng: state.lastFix.lng } : null,
  };
}

export function viewFrom(
  delivery: UberDelivery,
  pick: Order,
  drop: Order,
  courier: CourierView | null,
  now: Date,
  returnLeg: ReturnLeg | null = null,
): DeliveryView {
  const status = deliveryStatus(pick, drop);
  return { delivery, pick, drop, status, courierImminent: isCourierImminent(currentStop(status, pick, drop)), courier, returnLeg, now };
}

/** Only a delivery whose dropoff failed with `return` has one: one more read for those alone. */
async function loadReturnLeg(repos: Repos, delivery: UberDelivery): Promise<ReturnLeg | null> {
  const id = linksOf(delivery).returnId;
  if (!id) return null;
  const found = await repos.uber.findDeliveryWithOrders(delivery.accountId, id);
  const drop = found && currentStops(found.orders).find((o) => o.type === 'drop');
  return found && drop ? { delivery: found.delivery, drop } : null;
}

async function assemble(repos: Repos, delivery: UberDelivery, records: Order[], now: Date): Promise<DeliveryView> {
  const stops = currentStops(records);
  const pick = stops.find((o) => o.type === 'pick');
  const drop = stops.find((o) => o.type === 'drop');
  if (!pick || !drop) throw new Error(`delivery ${delivery.deliveryId} has lost a stop`);
  const [courier, returnLeg] = await Promise.all([loadCourier(repos, delivery.accountId, [pick, drop]), loadReturnLeg(repos, delivery)]);
  return viewFrom(delivery, pick, drop, courier, now, returnLeg);
}

/** Inside a transaction: the stops of a delivery row already read (and locked, with forUpdate). */
export async function loadDeliveryView(repos: Repos, delivery: UberDelivery, now: Date, opts: { forUpdate?: boolean } = {}): Promise<DeliveryView> {
  return assemble(repos, delivery, await repos.orders.listByHandle(delivery.accountId, delivery.orderHandle, opts), now);
}

/**
 * Outside a transaction: the row and its stops in one statement, so a read never pairs a
 * delivered stop with the row as it was before its proof was written.
 */
export async function readDeliveryView(repos: Repos, accountId: string, deliveryId: string, now: Date): Promise<DeliveryView | null> {
  const found = await repos.uber.findDeliveryWithOrders(accountId, deliveryId);
  return found ? assemble(repos, found.delivery, found.orders, now) : null;
}
