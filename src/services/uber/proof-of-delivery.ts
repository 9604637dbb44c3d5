import { deflateSync } from 'node:zlib';
import type { Deps } from '../deps.ts';
import { proofIdOfRef } from '../drivers/proof-urls.ts';
import { getDelivery } from './read-deliveries.ts';
import type { UberCaller } from './uber-auth.ts';
import { uberRefusal } from './uber-refusal.ts';

export type ProofWaypoint = 'pickup' | 'dropoff' | 'return';
export type ProofType = 'picture' | 'signature' | 'pincode';

/** What a courier collected at a waypoint (details.proof.<waypoint>), shown as WaypointInfo.verification. */
export interface WaypointProof {
  completed_at: string;
  completion_location: { lat: number; lng: number } | null;
  picture?: { image_url: string };
  signature?: { image_url: string; signer_name: string; signer_relationship: string };
  pincode?: { entered: string };
  identification?: { min_age_verified: boolean };
  /** VerificationProof.barcodes: what the driver scanned (the driver app). */
  barcodes?: { value: string; type: string; scan_result: { outcome: 'INVALID' | 'SUCCESS' | 'SKIPPED'; timestamp: string } }[];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A PNG document: a framed card whose tEXt chunks carry the status, time, ids and proof type
 * (Uber's document "contains status, timestamp, order ids, proof type and image", reference §7).
 * A proof the driver app collected adds its image, as stored, in a `drIm` chunk
 * (docs/uber-direct.md); a robo courier's has none.
 */
export function proofPng(fields: Record<string, string>, image?: Uint8Array): Buffer {
  const width = 240;
  const height = 120;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const border = x < 4 || y < 4 || x >= width - 4 || y >= height - 4;
      const stripe = y > 20 && y < 28 && x > 16 && x < width - 16;
      raw[y * (width + 1) + 1 + x] = border || stripe ? 0x20 : 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const text = Object.entries(fields).map(([k, v]) => chunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1')));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...text,
    // The photographed or drawn proof itself, as stored, in a private ancillary chunk: a PNG
    // viewer shows the card and skips it; a reader of the document takes the image out of it.
    ...(image ? [chunk('drIm', Buffer.from(image))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** POST /deliveries/{id}/proof-of-delivery: the document of a proof the courier collected. */
export async function proofOfDelivery(
  deps: Deps,
  caller: UberCaller,
  deliveryId: string,
  req: { waypoint: ProofWaypoint; type: ProofType },
): Promise<{ document: string }> {
  const view = await getDelivery(deps, caller, deliveryId);
  const delivery = view.delivery;
  const proofs = (delivery.details.proof ?? {}) as Partial<Record<ProofWaypoint, WaypointProof>>;
  const proof = proofs[req.waypoint];
  if (!proof?.[req.type]) {
    throw uberRefusal('invalid_params', `No ${req.type} proof was collected at the ${req.waypoint}`, {
      param_details: `No ${req.type} proof was collected at the ${req.waypoint} waypoint.`,
    });
  }
  const ref = req.type === 'picture' ? proof.picture?.image_url : req.type === 'signature' ? proof.signature?.image_url : undefined;
  const proofId = ref ? proofIdOfRef(ref) : null;
  const file = proofId ? await deps.store.repos.drivers.findProofFile(proofId) : null;
  const image = file && file.accountId === delivery.accountId ? file : null;
  const png = proofPng(
    {
      Title: 'Proof of delivery',
      'Delivery ID': delivery.deliveryId,
      'Delivery UUID': delivery.uuid,
      'External ID': delivery.externalId ?? '',
      Status: view.status,
      Waypoint: req.waypoint,
      'Proof type': req.type,
      Timestamp: proof.completed_at,
      ...(req.type === 'pincode' ? { 'Pin entered': proof.pincode!.entered } : {}),
      ...(req.type === 'signature' ? { Signer: proof.signature!.signer_name } : {}),
      ...(image ? { 'Image type': image.contentType } : {}),
    },
    image?.data,
  );
  return { document: png.toString('base64') };
}
