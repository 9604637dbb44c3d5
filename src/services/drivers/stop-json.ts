import { arrivedAt, DRIVER_KEYS, driverMark, driverStopStatus } from '../../core/driver/stop-state.ts';
import { centroidOf } from '../../core/geo.ts';
import type { ProofFileMeta } from '../../store/repos/driver.repo.ts';
import { PROOF_EXPIRY_REF, proofRef } from './proof-urls.ts';
import type { DriverStopData } from './stop-data.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * A proof file as the driver API and the dialects show it. The URL and its expiry are markers
 * until the answer is sent (proof-urls.ts), so a replayed answer shows a fresh URL and its life.
 */
export function proofFileJson(f: ProofFileMeta) {
  return {
    proof_id: f.proofId,
    kind: f.kind,
    content_type: f.contentType,
    bytes: f.size,
    sha256: f.sha256,
    url: proofRef(f.accountId, f.proofId),
    url_expires_at: PROOF_EXPIRY_REF,
  };
}

export type StopJson = ReturnType<typeof stopJson>;

/** The Stop of docs/driver-app.md. */
export function stopJson(s: DriverStopData) {
  const o = s.order;
  const point = centroidOf(o.destination.geometry).coordinates;
  const photo = s.files.find((f) => f.kind === 'photo');
  const signature = s.files.find((f) => f.kind === 'signature');
  const failureReason = driverMark(o, DRIVER_KEYS.failureReason);
  const status = driverStopStatus(o);
  const proof =
    photo || signature || s.proof
      ? {
          photo: photo ? proofFileJson(photo) : null,
          signature: signature ? proofFileJson(signature) : null,
          signer_name: s.proof?.signerName ?? null,
          barcodes: s.proof?.barcodes ?? [],
          pin_entered: s.proof?.pinEntered ?? null,
          notes: s.proof?.notes ?? null,
          completion_location: s.proof?.completionLocation ? { lat: s.proof.completionLocation.lat, lng: s.proof.completionLocation.lng } : null,
          completed_at: iso(s.proof?.completedAt ?? null),
        }
      : null;
  return {
    stop_id: o.id,
    order_handle: o.orderHandle,
    type: o.type,
    type_index: o.typeIndex,
    fulfillment_attempt: o.fulfillmentAttempt,
    route_handle: o.routeHandle,
    sequence: s.sequence,
    status,
    time_window: { start: iso(o.scheduledAfter), end: iso(o.scheduledAt) },
    address: o.destination.address ?? null,
    location: { lat: point[1], lng: point[0] },
    radius: o.destination.radius ?? null,
    customer: { name: s.customerName, phone: s.customerPhone },
    instructions: s.instructions,
    required_proofs: s.required,
    proof,
    accepted_at: status === 'new' ? null : driverMark(o, DRIVER_KEYS.acceptedAt),
    rejected_at: driverMark(o, DRIVER_KEYS.rejectedAt),
    started_at: iso(o.startedAt),
    arrived_at: arrivedAt(o),
    completed_at: status === 'completed' ? iso(o.completedAt) : null,
    failed_at: status === 'failed' ? iso(o.cancelledAt) : null,
    failure: failureReason ? { reason: failureReason, notes: driverMark(o, DRIVER_KEYS.failureNotes) } : null,
  };
}
