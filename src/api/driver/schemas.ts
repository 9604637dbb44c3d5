import { z } from 'zod';
import { FAIL_REASON_NAMES } from '../../core/driver/fail-reasons.ts';

/** docs/driver-app.md "Idempotency": a client-made id per action. */
export const ActionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an action id is 8–64 characters of A–Z, a–z, 0–9, _ and -');

export const Location = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).nullish(),
});

export const BarcodeIn = z.strictObject({
  value: z.string().min(1).max(200),
  type: z.enum(['CODE39', 'CODE39_FULL_ASCII', 'CODE128', 'QR', 'other']).nullish(),
});

export const FailReasonSchema = z.enum(FAIL_REASON_NAMES);

export const StopParams = z.object({ stop_id: z.string().min(1).max(100) });

const iso = z.string().nullable();

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });
export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody };

export const ProofFileOut = z.object({
  proof_id: z.string(),
  kind: z.enum(['photo', 'signature']),
  content_type: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  url: z.string(),
  url_expires_at: z.string(),
});

const BarcodeOut = z.object({ value: z.string(), type: z.string().nullable() });

export const StopOut = z.object({
  stop_id: z.string(),
  order_handle: z.string(),
  type: z.enum(['pick', 'drop']),
  type_index: z.number().int(),
  fulfillment_attempt: z.number().int(),
  route_handle: z.string().nullable(),
  sequence: z.number().int().nullable(),
  status: z.enum(['new', 'accepted', 'started', 'arrived', 'completed', 'failed', 'cancelled']),
  time_window: z.object({ start: iso, end: iso }),
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  radius: z.number().nullable(),
  customer: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
  instructions: z.string().nullable(),
  required_proofs: z.object({ photo: z.boolean(), signature: z.boolean(), pin: z.boolean(), barcodes: z.array(BarcodeOut) }),
  proof: z
    .object({
      photo: ProofFileOut.nullable(),
      signature: ProofFileOut.nullable(),
      signer_name: z.string().nullable(),
      barcodes: z.array(BarcodeOut),
      pin_entered: z.string().nullable(),
      notes: z.string().nullable(),
      completion_location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
      completed_at: iso,
    })
    .nullable(),
  accepted_at: iso,
  rejected_at: iso,
  started_at: iso,
  arrived_at: iso,
  completed_at: iso,
  failed_at: iso,
  failure: z.object({ reason: z.string(), notes: z.string().nullable() }).nullable(),
});

export const MeOut = z.object({
  worker_handle: z.string(),
  name: z.string().nullable(),
  device_id: z.string().nullable(),
  on_shift: z.boolean(),
  timezone: z.string().nullable(),
  today: z.string(),
});

export const StopAnswer = z.object({ stop: StopOut, replayed: z.boolean() });

export const SessionOut = z.object({
  worker_handle: z.string(),
  name: z.string().nullable(),
  device_id: z.string().nullable(),
  link_id: z.string(),
  csrf_token: z.string(),
  expires_at: z.string(),
});
