/** A scanned or typed barcode; `type` is Uber's symbology name when known. */
export interface Barcode {
  value: string;
  type: string | null;
}

/** What a stop needs before the driver may complete it. */
export interface RequiredProofs {
  photo: boolean;
  signature: boolean;
  pin: boolean;
  /** Codes the driver must scan (Uber `barcodes` requirement). */
  barcodes: Barcode[];
}

export type ProofRequirement = 'photo' | 'signature' | 'pin' | 'barcodes';

export const NO_PROOFS: RequiredProofs = { photo: false, signature: false, pin: false, barcodes: [] };

/** The proof as collected at completion; images are references (`dlproof:` markers) signed when shown. */
export interface DriverProofRecord {
  photoRef: string | null;
  signatureRef: string | null;
  signerName: string | null;
  barcodes: Barcode[];
  pinEntered: string | null;
  notes: string | null;
  completionLocation: { lat: number; lng: number } | null;
  completedAt: Date;
}

export interface CollectedProofs {
  photo: boolean;
  signature: boolean;
  pin: string | null;
  barcodes: readonly Barcode[];
}

/** What is still missing, in the order the app asks for it. */
export function missingProofs(required: RequiredProofs, got: CollectedProofs): ProofRequirement[] {
  const missing: ProofRequirement[] = [];
  if (required.photo && !got.photo) missing.push('photo');
  if (required.signature && !got.signature) missing.push('signature');
  if (required.pin && !got.pin) missing.push('pin');
  const scanned = new Set(got.barcodes.map((b) => b.value));
  if (required.barcodes.some((b) => !scanned.has(b.value))) missing.push('barcodes');
  return missing;
}
