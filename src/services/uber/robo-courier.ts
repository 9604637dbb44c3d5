import { isTracking } from '../../core/order/statuses.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import { completeOrder } from '../../core/order/lifecycle.ts';
import { haversine } from '../../core/geo.ts';
import type { UberDelivery } from '../../store/repos/uber.repo.ts';
import type { Deps } from '../deps.ts';
import { decideReassign } from '../orders/reassign-order.ts';
import { saveChange } from '../orders/save-change.ts';
import { trackOrders } from '../orders/track-orders.ts';
import { ingestLocations } from '../tracking/ingest-locations.ts';
import { createWorker } from '../workers/create-worker.ts';
import { isComplete } from './delivery-status.ts';
import { type DeliveryView, loadDeliveryView } from './delivery-view.ts';
import { proofPng, type WaypointProof } from './proof-of-delivery.ts';

type LngLat = [number, number];

export interface RoboOptions {
  /** Real seconds per simulated second: 1 walks Uber's schedule in real time (DROPLINE_UBER_ROBO_TIME_FACTOR). */
  timeFactor: number;
  log?: { warn(obj: unknown, msg: string): void };
}

/** The fastest the robo drives, so every fix passes the ingest's teleport check (70 m/s). */
const MAX_MPS = 25;
/** The simulated clock never runs further ahead of the real one than this (the ingest drops fixes > 300 s ahead). */
const MAX_LEAD_MS = 240_000;
/** Where the robo starts: this far from the pickup, on the side away from the dropoff. */
const APPROACH_METRES = 1_200;
/** "Imminent" fixes sit this far short of the waypoint (Uber: ~80 m, reference §6). */
const NEAR_METRES = 50;

const lerp = (a: LngLat, b: LngLat, f: number): LngLat => [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];

interface Step {
  /** Simulated seconds since assignment. */
  at: number;
  position: LngLat;
  complete?: 'pick' | 'drop';
}

/**
 * Uber's robo schedule (reference §11): assigned at 0, en route +30 s, pickup imminent +60 s,
 * picked up +90 s, heading to dropoff, dropoff imminent, delivered 30 s later. A dropoff leg too
 * long to drive in Uber's 30-second steps at 25 m/s stretches them (docs/uber-direct.md).
 */
export function roboSteps(pickup: LngLat, dropoff: LngLat): Step[] {
  const leg = haversine(pickup, dropoff);
  const away: LngLat = leg > 1 ? lerp(pickup, dropoff, -APPROACH_METRES / leg) : [pickup[0], pickup[1] - APPROACH_METRES / 111_320];
  const nearPickup = lerp(pickup, away, NEAR_METRES / APPROACH_METRES);
  const nearDropoff = leg > NEAR_METRES ? lerp(dropoff, pickup, NEAR_METRES / leg) : dropoff;
  const half = Math.max(15, leg / 2 / MAX_MPS);
  const s3 = 90;
  const s4 = s3 + half;
  const s5 = s4 + half;
  return [
    { at: 0, position: away },
    { at: 30, position: lerp(away, pickup, 0.5) },
    { at: 60, position: nearPickup },
    { at: s3, position: pickup, complete: 'pick' },
    { at: s4, position: lerp(pickup, dropoff, 0.5) },
    { at: s5, position: nearDropoff },
    { at: s5 + 30, position: dropoff, complete: 'drop' },
  ];
}

const pointOf = (g: { type: string; coordinates: unknown }): LngLat => g.coordinates as LngLat;

/**
 * Test-mode robo couriers. Each is a real worker with a device: it is assigned through the
 * native reassign path, tracked through the ingest pipeline (ETAs, geofence, imminent flag come
 * from the tracking engine as for any courier) and completes each stop with every requested
 * proof collected. Runs in-process; a restart abandons robos under way (docs/uber-direct.md).
 */
export class RoboCouriers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly deps: Deps,
    private readonly opts: RoboOptions,
  ) {}

  /**
   * Starts the robo of a just-created delivery (reference §11): at once without windows, at
   * `pickup_ready_dt` when given, else 10 minutes before the dropoff window opens.
   */
  dispatch(view: DeliveryView): void {
    const r = view.delivery.details;
    const now = this.deps.clock.now().getTime();
    const assignAt = r.pickup_ready_dt
      ? (view.pick.scheduledAfter ?? view.now).getTime()
      : r.dropoff_ready_dt
        ? (view.drop.scheduledAfter ?? view.now).getTime() - 10 * 60_000
        : now;
    const delivery = view.delivery;
    this.later(Math.max(0, assignAt - now) * this.opts.timeFactor, () => this.run(delivery));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
    this.notifyIfIdle();
  }

  /** Resolves once no robo has a step scheduled or under way: each has delivered, or stopped on its own. */
  idle(): Promise<void> {
    if (this.timers.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIfIdle(): void {
    if (this.timers.size === 0 && this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private later(ms: number, fn: () => Promise<void>): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.closed) return this.notifyIfIdle();
      const p = fn()
        .catch((err) => this.opts.log?.warn({ err }, 'robo courier stopped'))
        .finally(() => {
          this.running.delete(p);
          this.notifyIfIdle();
        });
      this.running.add(p);
    }, ms);
    this.timers.add(t);
  }

  private async run(delivery: UberDelivery): Promise<void> {
    const { deps } = this;
    const handle = `robo-${delivery.deliveryId}`;
    if ((await loadDeliveryView(deps.store.repos, delivery, deps.clock.now())).status !== 'pending') return;
    // Unavailable for work: on-demand dispatch of the account's live deliveries never picks a robo.
    await createWorker(
      deps,
      delivery.accountId,
      handle,
      { name: 'Robo Courier', deviceId: handle, profile: { vehicle_type: 'car', robo: true } },
      { available: false },
    );
    // Assignment re-reads the stops under lock: the merchant may have cancelled meanwhile.
    const assigned = await deps.store.transaction(async (repos) => {
      const now = deps.clock.now();
      const current = await repos.uber.findDelivery(delivery.accountId, { deliveryId: delivery.deliveryId }, { forUpdate: true });
      const view = current && (await loadDeliveryView(repos, current, now, { forUpdate: true }));
      if (view?.status !== 'pending') return null;
      let route = '';
      for (const stop of [view.pick, view.drop]) {
        const change = await decideReassign(deps, repos, delivery.accountId, stop, handle, now);
        await saveChange(repos, change);
        route = change.order.routeHandle!;
      }
      return { route, view };
    });
    if (!assigned) return;
    const view = assigned.view;
    const routeHandle = assigned.route;
    await trackOrders(deps, delivery.accountId, { trackMode: 'on_shift', routeHandle, workerHandle: handle });
    const steps = roboSteps(pointOf(view.pick.destination.geometry), pointOf(view.drop.destination.geometry));
    const startReal = deps.clock.now().getTime();
    this.next(delivery, handle, steps, 0, startReal);
  }

  /** One step per timer: a fix through the ingest, then the stop's completion when the step says. */
  private next(delivery: UberDelivery, device: string, steps: Step[], i: number, startReal: number): void {
    const step = steps[i];
    if (!step) return;
    const now = this.deps.clock.now().getTime();
    const simAt = startReal + step.at * 1000;
    const due = startReal + step.at * 1000 * this.opts.timeFactor;
    const wait = Math.max(0, due - now, simAt - MAX_LEAD_MS - now);
    this.later(wait, async () => {
      const fix: Fix = {
        recordedAt: new Date(Math.max(simAt, this.deps.clock.now().getTime())),
        lng: step.position[0],
        lat: step.position[1],
        altitude: null,
        accuracy: 5,
        speed: MAX_MPS / 2,
        bearing: null,
        battery: 90,
        activity: 'drive',
      };
      await ingestLocations(this.deps, delivery.accountId, device, [fix], 'uber_robo');
      if (step.complete && !(await this.complete(delivery, step.complete, fix))) return;
      this.next(delivery, device, steps, i + 1, startReal);
    });
  }

  /** Completes a stop with its proof; false when the delivery ended meanwhile (cancelled), which stops the robo. */
  private async complete(delivery: UberDelivery, stopType: 'pick' | 'drop', fix: Fix): Promise<boolean> {
    const { deps } = this;
    return deps.store.transaction(async (repos) => {
      const now = deps.clock.now();
      const current = await repos.uber.findDelivery(delivery.accountId, { deliveryId: delivery.deliveryId }, { forUpdate: true });
      if (!current) return false;
      const view = await loadDeliveryView(repos, current, now, { forUpdate: true });
      const stop = stopType === 'pick' ? view.pick : view.drop;
      if (isComplete(view.status) || !isTracking(stop.status)) return false;
      await saveChange(repos, completeOrder(stop, now, { uber_robo: true }));
      const side = stopType === 'pick' ? 'pickup' : 'dropoff';
      const proof = this.proofFor(current, side, view.status, { lat: fix.lat, lng: fix.lng }, now);
      const proofs = { ...((current.details.proof ?? {}) as Record<string, WaypointProof>), [side]: proof };
      await repos.uber.updateDelivery({ ...current, details: { ...current.details, proof: proofs }, updatedAt: now });
      return true;
    });
  }

  /** Every requirement of the waypoint is met (reference §11); a dropoff always has its picture. */
  private proofFor(d: UberDelivery, side: 'pickup' | 'dropoff', status: string, at: { lat: number; lng: number }, now: Date): WaypointProof {
    const r = d.details;
    const req = (r[`${side}_verification`] ?? {}) as {
      picture?: boolean;
      signature?: boolean;
      signature_requirement?: { enabled?: boolean };
      pincode?: { enabled?: boolean };
      identification?: { min_age?: number };
    };
    const wantsId = req.identification !== undefined || (side === 'dropoff' && r.requires_id === true);
    const image = (type: string) =>
      `data:image/png;base64,${proofPng({ 'Delivery ID': d.deliveryId, Waypoint: side, 'Proof type': type, Status: status, Timestamp: now.toISOString() }).toString('base64')}`;
    const wantsSignature =
      req.signature === true || req.signature_requirement?.enabled === true || (side === 'dropoff' && r.requires_dropoff_signature === true);
    const signer = String(r[`${side}_name`] ?? '');
    return {
      completed_at: now.toISOString(),
      completion_location: at,
      ...(req.picture || side === 'dropoff' ? { picture: { image_url: image('picture') } } : {}),
      ...(wantsSignature ? { signature: { image_url: image('signature'), signer_name: signer, signer_relationship: 'SELF' } } : {}),
      ...(side === 'dropoff' && req.pincode?.enabled ? { pincode: { entered: String(r.pincode ?? '') } } : {}),
      // Reference §11: an ID check is auto-satisfied like every other requirement.
      ...(wantsId ? { identification: { min_age_verified: true } } : {}),
    };
  }
}
