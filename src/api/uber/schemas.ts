import { z } from 'zod';
import { int4, isoTimestamp, queryInt4 } from '../shared/storable.ts';

const phone = (field: string) =>
  z.string().refine((v) => /^\+?[0-9][0-9 ()\-.]{5,24}$/.test(v.trim()) && v.replace(/\D/g, '').length >= 7, `${field.replaceAll('_', ' ')} is not valid.`);

const timestamp = isoTimestamp().transform((v) => new Date(v));
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);
const cents = int4().min(0);
const address = z.string().trim().min(1, 'This field is required.').max(2000);
const notes = z.string().max(280);

const Barcode = z.strictObject({ value: z.string().min(1), type: z.enum(['CODE39', 'CODE39_FULL_ASCII', 'CODE128', 'QR']) });
const SignatureRequirement = z.strictObject({
  enabled: z.boolean(),
  collect_signer_name: z.boolean().optional(),
  collect_signer_relationship: z.boolean().optional(),
});

const PickupVerification = z.strictObject({
  signature: z.boolean().optional(),
  signature_requirement: SignatureRequirement.optional(),
  barcodes: z.array(Barcode).optional(),
  identification: z.strictObject({ min_age: int4().min(0) }).optional(),
  picture: z.boolean().optional(),
});
const ReturnVerification = PickupVerification.omit({ identification: true });
// Uber's UpdatePickupVerificationRequirement / UpdateDropoffVerificationRequest: barcodes only.
const UpdateVerification = z.strictObject({ barcodes: z.array(Barcode) });
const DropoffVerification = PickupVerification.extend({ pincode: z.strictObject({ enabled: z.boolean() }).optional() });

const ManifestItem = z.strictObject({
  name: z.string().max(500),
  quantity: int4().min(1),
  // Uber: `big` is an alias of large (reference §5).
  size: z.enum(['small', 'medium', 'large', 'xlarge', 'big']).optional(),
  dimensions: z.strictObject({ length: int4().min(1).optional(), height: int4().min(1).optional(), depth: int4().min(1).optional() }).optional(),
  price: cents.optional(),
  weight: int4().min(1).optional(),
  must_be_upright: z.boolean().optional(),
  vat_percentage: int4().min(0).optional(),
});

export const QuoteBody = z.strictObject({
  pickup_address: address,
  dropoff_address: address,
  pickup_latitude: lat.optional(),
  pickup_longitude: lng.optional(),
  dropoff_latitude: lat.optional(),
  dropoff_longitude: lng.optional(),
  pickup_phone_number: phone('pickup_phone_number').optional(),
  dropoff_phone_number: phone('dropoff_phone_number').optional(),
  pickup_ready_dt: timestamp.optional(),
  pickup_deadline_dt: timestamp.optional(),
  dropoff_ready_dt: timestamp.optional(),
  dropoff_deadline_dt: timestamp.optional(),
  manifest_total_value: cents.optional(),
  external_store_id: z.string().max(255).optional(),
});

export const DeliveryBody = QuoteBody.extend({
  pickup_name: z.string().trim().min(1, 'This field is required.').max(255),
  pickup_phone_number: phone('pickup_phone_number'),
  pickup_business_name: z.string().max(255).optional(),
  pickup_notes: notes.optional(),
  pickup_verification: PickupVerification.optional(),
  dropoff_name: z.string().trim().min(1, 'This field is required.').max(255),
  dropoff_phone_number: phone('dropoff_phone_number'),
  dropoff_business_name: z.string().max(255).optional(),
  dropoff_notes: notes.optional(),
  dropoff_seller_notes: notes.optional(),
  dropoff_verification: DropoffVerification.optional(),
  deliverable_action: z.enum(['deliverable_action_meet_at_door', 'deliverable_action_leave_at_door']).optional(),
  undeliverable_action: z.enum(['leave_at_door', 'return', 'discard']).optional(),
  manifest_reference: z.string().max(255).optional(),
  manifest_items: z.array(ManifestItem).min(1, 'At least one manifest item is required.'),
  quote_id: z.string().regex(/^dqt_/, 'A quote id starts with dqt_.').optional(),
  requires_dropoff_signature: z.boolean().optional(),
  requires_id: z.boolean().optional(),
  tip: cents.optional(),
  idempotency_key: z.string().min(1).max(255).optional(),
  external_id: z.string().min(1).max(255).optional(),
  return_verification: ReturnVerification.optional(),
  // Uber's fraud signals about the merchant's own customer: kept with the delivery (Dropline scores no risk on them).
  external_user_info: z
    .strictObject({
      merchant_account: z.strictObject({ account_created_at: isoTimestamp().optional(), email: z.string().max(255).optional() }).optional(),
      device: z.strictObject({ id: z.string().max(255).optional() }).optional(),
    })
    .optional(),
  test_specifications: z.strictObject({ robo_courier_specification: z.strictObject({ mode: z.string() }).optional() }).optional(),
});

export const UpdateBody = z.strictObject({
  dropoff_notes: notes.optional(),
  dropoff_seller_notes: notes.optional(),
  dropoff_verification: UpdateVerification.optional(),
  manifest_reference: z.string().max(255).optional(),
  pickup_notes: notes.optional(),
  pickup_verification: UpdateVerification.optional(),
  requires_dropoff_signature: z.boolean().optional(),
  requires_id: z.boolean().optional(),
  tip_by_customer: int4().optional(),
  dropoff_latitude: lat.optional(),
  dropoff_longitude: lng.optional(),
});

export const PodBody = z.strictObject({
  waypoint: z.enum(['pickup', 'dropoff', 'return']),
  type: z.enum(['picture', 'signature', 'pincode']),
});

// The SDK passes list options through as query keys verbatim (reference §2): an unknown one is refused, not ignored.
export const ListQuery = z.strictObject({
  filter: z.enum(['pending', 'pickup', 'pickup_complete', 'dropoff', 'delivered', 'canceled', 'returned', 'ongoing']).optional(),
  limit: queryInt4().min(1).max(200).optional(),
  offset: queryInt4().min(0).optional(),
  // Uber's OpenAPI spells it with a capital O; the docs and the SDK README do not (reference §2).
  Offset: queryInt4().min(0).optional(),
});

/** Uber's metadata names the field and says what is wrong with it (reference §8). */
export function issuesMetadata(e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of e.issues) {
    // Strict bodies: a field Dropline does not implement is named, never dropped (docs/uber-direct.md).
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out[[...i.path, k].join('.')] ??= 'This field is not supported.';
      continue;
    }
    const key = i.path.length ? i.path.join('.') : 'param_details';
    const missing = i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined;
    out[key] ??= missing ? 'This field is required.' : i.message;
  }
  return out;
}

// Path ids are opaque strings; an unknown one is the route's own 404, never a validation error.
export const CustomerParams = z.object({ customer_id: z.string() });
export const DeliveryParams = CustomerParams.extend({ delivery_id: z.string() });
export const OrganizationParams = z.object({ organization_id: z.string() });
