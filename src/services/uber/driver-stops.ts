import type { Barcode, DriverProofRecord, RequiredProofs } from '../../core/driver/proofs.ts';
import type { Order } from '../../core/order/types.ts';
import type { DriverStopFacts, DriverStopSource } from '../dialects/dialect.ts';
import type { WaypointProof } from './proof-of-delivery.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const isUberHandle = (h: string) => h.startsWith('del_') || h.startsWith('ret_');
const sideOf = (o: Order) => (o.type === 'pick' ? 'pickup' : 'dropoff');

interface Verification {
  signature?: boolean;
  signature_requirement?: { enabled?: boolean };
  picture?: boolean;
  pincode?: { enabled?: boolean };
  barcodes?: { value: string; type?: string }[];
}

/** Uber's `<side>_verification` (and the legacy requires_dropoff_signature) as what the driver must collect. */
function required(details: Record<string, unknown>, side: 'pickup' | 'dropoff'): Partial<RequiredProofs> {
  const v = (details[`${side}_verification`] ?? {}) as Verification;
  const barcodes: Barcode[] = (v.barcodes ?? []).map((b) => ({ value: b.value, type: b.type ?? null }));
  return {
    photo: v.picture === true,
    signature: v.signature === true || v.signature_requirement?.enabled === true || (side === 'dropoff' && details.requires_dropoff_signature === true),
    pin: side === 'dropoff' && v.pincode?.enabled === true,
    barcodes,
  };
}

/**
 * An Uber delivery's stop in the driver app: the waypoint's name, phone, notes and verification
 * requirements (the dropoff PIN Uber generated). The driver's proof becomes the waypoint's
 * `verification` (details.proof, as the robo courier writes it), so GET, the webhooks and the
 * proof-of-delivery endpoint show it.
 */
export const uberDriverStops: DriverStopSource = {
  async facts(repos, accountId, orders) {
    const out = new Map<string, DriverStopFacts>();
    for (const o of orders) {
      if (!isUberHandle(o.orderHandle)) continue;
      const d = await repos.uber.findDelivery(accountId, { orderHandle: o.orderHandle });
      if (!d) continue;
      const side = sideOf(o);
      const r = d.details;
      out.set(o.id, {
        customerName: str(r[`${side}_name`]) ?? str(r[`${side}_business_name`]),
        customerPhone: str(r[`${side}_phone_number`]),
        instructions: str(r[`${side}_notes`]),
        required: required(r, side),
        pincode: side === 'dropoff' ? str(r.pincode) : null,
      });
    }
    return out;
  },

  async recordProof(repos, order, proof: DriverProofRecord, now) {
    if (!isUberHandle(order.orderHandle)) return;
    const d = await repos.uber.findDelivery(order.accountId, { orderHandle: order.orderHandle }, { forUpdate: true });
    if (!d) return;
    const side = sideOf(order);
    const collected: WaypointProof = {
      completed_at: proof.completedAt.toISOString(),
      completion_location: proof.completionLocation,
      ...(proof.photoRef ? { picture: { image_url: proof.photoRef } } : {}),
      ...(proof.signatureRef ? { signature: { image_url: proof.signatureRef, signer_name: proof.signerName ?? '', signer_relationship: '' } } : {}),
      ...(proof.pinEntered ? { pincode: { entered: proof.pinEntered } } : {}),
      ...(proof.barcodes.length > 0
        ? {
            barcodes: proof.barcodes.map((b) => ({
              value: b.value,
              type: b.type ?? '',
              scan_result: { outcome: 'SUCCESS' as const, timestamp: proof.completedAt.toISOString() },
            })),
          }
        : {}),
    };
    const proofs = { ...((d.details.proof ?? {}) as Record<string, WaypointProof>), [side]: collected };
    await repos.uber.updateDelivery({ ...d, details: { ...d.details, proof: proofs }, updatedAt: now });
  },
};
