import { driverEvents } from '../../core/driver/driver-events.ts';
import { FAIL_REASONS, type FailReason } from '../../core/driver/fail-reasons.ts';
import { type Barcode, type DriverProofRecord, missingProofs } from '../../core/driver/proofs.ts';
import { DRIVER_KEYS, type DriverStopStatus, driverMark, driverStopStatus } from '../../core/driver/stop-state.ts';
import { DomainError } from '../../core/errors.ts';
import { type Change, completeOrder, startOrder, unplanOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { Worker } from '../../core/worker.ts';
import { isUniqueViolation, type Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { cancel } from '../orders/lifecycle-actions.ts';
import { saveChange } from '../orders/save-change.ts';
import { startRoute } from '../routes/start-route.ts';
import { type ActionCall, type Answered, priorAnswer, recordAnswer } from './driver-actions.ts';
import { proofRef } from './proof-urls.ts';
import { stopAnswer } from './stop-answer.ts';
import { loadStopData } from './stop-data.ts';
import type { StopJson } from './stop-json.ts';

export interface DriverLocation {
  lat: number;
  lng: number;
  accuracy: number | null;
}

export const stopNotFound = (stopId: string) => new DomainError('order_not_found', 'This stop could not be found', { stopId });

const OPEN_FOR_DRIVER: readonly DriverStopStatus[] = ['new', 'accepted', 'started', 'arrived'];

function refuse(status: DriverStopStatus, action: string): DomainError {
  const done = status === 'completed' || status === 'failed' || status === 'cancelled';
  return new DomainError('invalid_transition', done ? `This stop is already ${status}` : `Can't ${action} a stop that is ${status}`, { status });
}

function allow(o: Order, action: string, from: readonly DriverStopStatus[]): DriverStopStatus {
  const status = driverStopStatus(o);
  if (!from.includes(status)) throw refuse(status, action);
  return status;
}

const withMetadata = (o: Order, now: Date, patch: Record<string, unknown>): Order => ({ ...o, metadata: { ...o.metadata, ...patch }, updatedAt: now });

type Decide = (order: Order, now: Date, repos: Repos) => Promise<Change | null>;

/**
 * One stop action in one transaction: the action id's first answer if it has one, else the
 * worker's own stop under its row lock, the decision, the change with its events and webhooks,
 * and the answer kept under the action id. The second look at the action id, under the lock,
 * answers a duplicate that was in flight at the same time.
 */
async function onStop(deps: Deps, worker: Worker, stopId: string, action: string, actionId: string, decide: Decide): Promise<Answered<StopJson>> {
  const now = deps.clock.now();
  const call: ActionCall = { worker, actionId, action, subject: stopId };
  return deps.store.transaction(async (repos) => {
    const early = await priorAnswer<StopJson>(repos, call);
    if (early) return early;
    const ref = await repos.drivers.findStop(worker.accountId, stopId);
    if (!ref || ref.workerHandle !== worker.workerHandle) throw stopNotFound(stopId);
    const before = await repos.orders.findWithTimeline(worker.accountId, ref.key, { forUpdate: true });
    if (!before || before.order.workerHandle !== worker.workerHandle) throw stopNotFound(stopId);
    const prior = await priorAnswer<StopJson>(repos, call);
    if (prior) return prior;
    const change = await decide(before.order, now, repos);
    if (change) await saveChange(repos, change);
    return recordAnswer(repos, call, await stopAnswer(deps, repos, change?.order ?? before.order), now);
  });
}

export const acceptStop = (deps: Deps, worker: Worker, stopId: string, actionId: string) =>
  onStop(deps, worker, stopId, 'accept', actionId, async (o, now) => {
    allow(o, 'accept', ['new']);
    const order = withMetadata(o, now, { [DRIVER_KEYS.acceptedBy]: worker.workerHandle, [DRIVER_KEYS.acceptedAt]: now.toISOString() });
    return { order, events: [driverEvents.accepted(order, now)] };
  });

/** The driver hands the stop back: it leaves the worker and its route, unplanned, for a dispatcher to give again. */
export const rejectStop = (deps: Deps, worker: Worker, stopId: string, actionId: string, reason: string | null) =>
  onStop(deps, worker, stopId, 'reject', actionId, async (o, now) => {
    allow(o, 'reject', ['new', 'accepted']);
    const off = unplanOrder(o, now).order;
    const order = withMetadata(off, now, {
      [DRIVER_KEYS.acceptedBy]: null,
      [DRIVER_KEYS.rejectedBy]: worker.workerHandle,
      [DRIVER_KEYS.rejectedAt]: now.toISOString(),
      [DRIVER_KEYS.rejectReason]: reason,
    });
    return { order, events: [driverEvents.rejected(order, worker.workerHandle, reason, now)] };
  });

async function started(repos: Repos, o: Order, now: Date): Promise<Change> {
  const change = startOrder(o, now);
  await startRoute(repos, change.order, now);
  return change;
}

export const startStop = (deps: Deps, worker: Worker, stopId: string, actionId: string) =>
  onStop(deps, worker, stopId, 'start', actionId, async (o, now, repos) => {
    allow(o, 'start', ['new', 'accepted']);
    return started(repos, o, now);
  });

/** Arrival the geofence already recorded is not recorded twice: the action then changes nothing. */
export const arriveAtStop = (deps: Deps, worker: Worker, stopId: string, actionId: string, location: DriverLocation | null) =>
  onStop(deps, worker, stopId, 'arrive', actionId, async (o, now) => {
    if (allow(o, 'arrive at', ['started', 'arrived']) === 'arrived') return null;
    const order = withMetadata(o, now, { [DRIVER_KEYS.arrivedAt]: now.toISOString() });
    return { order, events: [driverEvents.arrived(order, location, now)] };
  });

export interface CompleteInput {
  pin: string | null;
  barcodes: Barcode[];
  notes: string | null;
  location: DriverLocation | null;
  signerName: string | null;
}

const MISSING_WORDS = { photo: 'the photo', signature: 'the signature', pin: 'the PIN', barcodes: 'the barcodes' } as const;

/** What the native order carries of the proof (its metadata `proof_of_delivery`, docs/driver-app.md). */
function proofMetadata(p: DriverProofRecord): Record<string, unknown> {
  return {
    photo_url: p.photoRef,
    signature_url: p.signatureRef,
    signer_name: p.signerName,
    barcodes: p.barcodes,
    pin_entered: p.pinEntered,
    notes: p.notes,
    completion_location: p.completionLocation,
    completed_at: p.completedAt.toISOString(),
  };
}

/**
 * Completes the stop once its required proofs are there: the uploaded photo and signature, the
 * PIN (checked against the stop's), the barcodes. A stop not yet started starts and completes at
 * once. The proof is kept, handed to the dialect that carries the stop, and put on the order.
 */
export const completeStop = (deps: Deps, worker: Worker, stopId: string, actionId: string, input: CompleteInput) =>
  onStop(deps, worker, stopId, 'complete', actionId, async (o, now, repos) => {
    const status = allow(o, 'complete', OPEN_FOR_DRIVER);
    const [data] = await loadStopData(deps, repos, o.accountId, [o], new Map());
    const photo = data!.files.find((f) => f.kind === 'photo') ?? null;
    const signature = data!.files.find((f) => f.kind === 'signature') ?? null;
    const missing = missingProofs(data!.required, { photo: photo !== null, signature: signature !== null, pin: input.pin, barcodes: input.barcodes });
    if (missing.length > 0) {
      const words = missing.map((m) => MISSING_WORDS[m]);
      throw new DomainError('invalid_request', `Collect ${words.join(', ')} first`, { rule: 'proof_missing', missing });
    }
    if (input.pin !== null && data!.pincode !== null && input.pin !== data!.pincode) {
      throw new DomainError('invalid_request', 'The PIN does not match', { rule: 'pin_mismatch' });
    }
    const record: DriverProofRecord = {
      photoRef: photo ? proofRef(photo.accountId, photo.proofId) : null,
      signatureRef: signature ? proofRef(signature.accountId, signature.proofId) : null,
      signerName: input.signerName,
      barcodes: input.barcodes,
      pinEntered: input.pin,
      notes: input.notes,
      completionLocation: input.location ? { lat: input.location.lat, lng: input.location.lng } : null,
      completedAt: now,
    };
    await repos.drivers.saveStopProof({
      orderId: o.id,
      accountId: o.accountId,
      barcodes: input.barcodes,
      pinEntered: input.pin,
      notes: input.notes,
      signerName: input.signerName,
      completionLocation: input.location,
      completedAt: now,
    });
    for (const d of deps.dialects) await d.driverStops?.recordProof?.(repos, o, record, now);
    const first = status === 'new' || status === 'accepted' ? await started(repos, o, now) : null;
    const done = completeOrder(first?.order ?? o, now, { proof_of_delivery: proofMetadata(record) });
    return { order: done.order, events: [...(first?.events ?? []), ...done.events] };
  });

export interface FailInput {
  reason: FailReason;
  notes: string | null;
  location: DriverLocation | null;
}

/**
 * Ends the stop as a failed delivery through the shared cancel, so a dialect answers it its own
 * way (Uber's undeliverable_action; the reason becomes its undeliverable_reason). That cancel runs
 * its own transaction, so the action id also goes into the order's metadata with the change: a
 * replay finds it there even if the answer was never recorded.
 */
export async function failStop(deps: Deps, worker: Worker, stopId: string, actionId: string, input: FailInput): Promise<Answered<StopJson>> {
  const repos = deps.store.repos;
  const call: ActionCall = { worker, actionId, action: 'fail', subject: stopId };
  const early = await priorAnswer<StopJson>(repos, call);
  if (early) return early;
  if (input.reason === 'other' && !input.notes) {
    throw new DomainError('invalid_request', 'Say what happened in the notes', { rule: 'reason_notes_required' });
  }
  const ref = await repos.drivers.findStop(worker.accountId, stopId);
  if (!ref || ref.workerHandle !== worker.workerHandle) throw stopNotFound(stopId);
  const order = await repos.orders.find(worker.accountId, ref.key);
  if (!order) throw stopNotFound(stopId);
  if (driverMark(order, DRIVER_KEYS.failureActionId) !== actionId) {
    allow(order, 'fail', OPEN_FOR_DRIVER);
    try {
      await cancel(deps, worker.accountId, ref.key, {
        [DRIVER_KEYS.failureReason]: input.reason,
        [DRIVER_KEYS.failureNotes]: input.notes,
        [DRIVER_KEYS.failureActionId]: actionId,
        [DRIVER_KEYS.failureLocation]: input.location ? { lat: input.location.lat, lng: input.location.lng } : null,
        undeliverable_reason: FAIL_REASONS[input.reason].uber,
      });
    } catch (e) {
      // A duplicate in flight got there first: its change carries this action id.
      const now = await repos.orders.find(worker.accountId, ref.key);
      if (!now || driverMark(now, DRIVER_KEYS.failureActionId) !== actionId) throw e;
    }
  }
  const now = deps.clock.now();
  try {
    return await deps.store.transaction(async (tx) => {
      const after = await tx.orders.find(worker.accountId, ref.key);
      if (!after) throw stopNotFound(stopId);
      return recordAnswer(tx, call, await stopAnswer(deps, tx, after), now);
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const prior = await priorAnswer<StopJson>(repos, call);
    if (!prior) throw e;
    return prior;
  }
}
