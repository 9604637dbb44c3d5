import { z } from 'zod';
import { UBER_STATUSES } from '../../services/uber/delivery-status.ts';
import { int4 } from '../shared/storable.ts';
import { CreateOrgBody, InviteBody } from './org-schemas.ts';

// The bodies renderDelivery / renderQuote build (services/uber/delivery-document.ts), field for
// field: closed objects, so a field added to a renderer without its schema fails its route.

const instant = z.string();
const point = z.strictObject({ lat: z.number(), lng: z.number() });
// Open: Uber's error `metadata` names whatever the code needs (the fields of invalid_params, …).
const stringMap = z.record(z.string(), z.unknown());

/** WaypointInfo.detailed_address (services/uber/addresses.ts); empty strings for parts the address lacks. */
const DetailedAddress = z.strictObject({
  street_address_1: z.string(),
  street_address_2: z.string(),
  city: z.string(),
  state: z.string(),
  zip_code: z.string(),
  country: z.string(),
  sublocality_level_1: z.string(),
});

const barcode = { value: z.string(), type: z.enum(['CODE39', 'CODE39_FULL_ASCII', 'CODE128', 'QR']) };

/** VerificationProof: what was collected (services/uber/proof-of-delivery.ts), `{}` until then. */
const Verification = z.strictObject({
  signature: z.strictObject({ image_url: z.string(), signer_name: z.string(), signer_relationship: z.string() }).optional(),
  picture: z.strictObject({ image_url: z.string() }).optional(),
  pin_code: z.strictObject({ entered: z.string() }).optional(),
  barcodes: z
    .array(z.strictObject({ ...barcode, scan_result: z.strictObject({ outcome: z.enum(['INVALID', 'SUCCESS', 'SKIPPED']), timestamp: z.string() }) }))
    .optional(),
  identification: z.strictObject({ min_age_verified: z.boolean() }).optional(),
  completion_location: point.nullable().optional(),
});

/** The verification the client asked for (schemas.ts *Verification) with the ones Dropline adds; the pincode shows its value. */
const VerificationRequirements = z.strictObject({
  signature: z.boolean().optional(),
  signature_requirement: z
    .strictObject({ enabled: z.boolean(), collect_signer_name: z.boolean().optional(), collect_signer_relationship: z.boolean().optional() })
    .optional(),
  barcodes: z.array(z.strictObject(barcode)).optional(),
  identification: z.strictObject({ min_age: int4() }).optional(),
  picture: z.boolean().optional(),
  pincode: z.strictObject({ enabled: z.boolean(), value: z.string().optional() }).optional(),
});

const Waypoint = z.strictObject({
  name: z.string(),
  phone_number: z.string(),
  address: z.string(),
  detailed_address: DetailedAddress,
  notes: z.string(),
  seller_notes: z.string(),
  courier_notes: z.string(),
  location: point,
  /** The proof collected (seed 003 lists it on every waypoint, empty until then). */
  verification: Verification,
  verification_requirements: VerificationRequirements,
  external_store_id: z.string(),
  status: z.enum(['completed', 'failed']).optional(),
  status_timestamp: instant.optional(),
});

const Courier = z.strictObject({
  name: z.string(),
  vehicle_type: z.enum(['bicycle', 'car', 'van', 'truck', 'scooter', 'motorcycle', 'walker']),
  phone_number: z.string(),
  location: point.optional(),
  img_href: z.string(),
});

const ManifestItemResponse = z.strictObject({
  name: z.string(),
  quantity: int4(),
  size: z.enum(['small', 'medium', 'large', 'xlarge']),
  dimensions: z.strictObject({ length: int4().optional(), height: int4().optional(), depth: int4().optional() }).optional(),
  price: int4().optional(),
  weight: int4().optional(),
  must_be_upright: z.boolean().optional(),
  vat_percentage: int4().optional(),
});

export const DeliveryResponse = z.strictObject({
  id: z.string(),
  uuid: z.string(),
  kind: z.literal('delivery'),
  quote_id: z.string().optional(),
  status: z.enum(UBER_STATUSES),
  complete: z.boolean(),
  courier_imminent: z.boolean(),
  courier: Courier.optional(),
  created: instant,
  updated: instant,
  pickup_ready: instant,
  pickup_deadline: instant,
  pickup_eta: instant,
  dropoff_ready: instant,
  dropoff_deadline: instant,
  dropoff_eta: instant,
  fee: z.number(),
  tip: z.number(),
  currency: z.string(),
  live_mode: z.boolean(),
  manifest: z.strictObject({ reference: z.string(), description: z.string(), total_value: z.number() }),
  // The items as sent (schemas.ts ManifestItem), `size` defaulted and `big` read as large.
  manifest_items: z.array(ManifestItemResponse),
  pickup: Waypoint,
  dropoff: Waypoint,
  return: Waypoint.optional(),
  related_deliveries: z.array(z.strictObject({ id: z.string(), relationship: z.enum(['original', 'returned']) })),
  tracking_url: z.string(),
  undeliverable_action: z.enum(['', 'returned', 'left_at_door']),
  undeliverable_reason: z.string(),
  deliverable_action: z.string().optional(),
  dropoff_identifier: z.string(),
  external_id: z.string().optional(),
  batch_id: z.string().optional(),
});

export const QuoteResponse = z.strictObject({
  kind: z.literal('delivery_quote'),
  id: z.string(),
  created: instant,
  expires: instant,
  fee: z.number(),
  currency: z.string(),
  currency_type: z.string(),
  dropoff_eta: instant,
  duration: z.number(),
  pickup_duration: z.number(),
  dropoff_deadline: instant,
});

export const DeliveryListResponse = z.strictObject({
  data: z.array(DeliveryResponse),
  next_href: z.string(),
  // Uber: always -1 (deprecated).
  total_count: int4(),
});

export const ProofResponse = z.strictObject({ document: z.string() });

export const TokenResponse = z.strictObject({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  scope: z.string(),
});
/** RFC 6749's error body (Uber documents none for its token endpoint). */
export const OauthErrorResponse = z.strictObject({ error: z.string(), error_description: z.string() });

/** Uber's error body (errors.ts): the 401 has no `kind`. */
export const UberErrorResponse = z.strictObject({
  code: z.string(),
  message: z.string(),
  kind: z.literal('error').optional(),
  metadata: stringMap.optional(),
});

/** Every status the deliveries API's error paths (guard.ts, the plugin's error handler) can answer. */
export const uberErrors = {
  400: UberErrorResponse,
  401: UberErrorResponse,
  404: UberErrorResponse,
  413: UberErrorResponse,
  429: UberErrorResponse,
  500: UberErrorResponse,
  503: UberErrorResponse,
};

export const OrganizationResponse = z.strictObject({
  organization_id: z.string(),
  // Stored as the strict create body took it.
  info: CreateOrgBody.shape.info,
  hierarchy_info: z.strictObject({ parent_organization_id: z.string() }),
});
export const MembershipResponse = z.strictObject({
  membership_id: z.string(),
  organization_id: z.string(),
  user_details: InviteBody.shape.user_details,
  roles: z.array(z.string()),
});

/** The organizations API's bodies (organizations-openapi.yaml): `{message}`, `{error}` for bad JSON, Uber's 401. */
const OrgMessage = z.strictObject({ message: z.string() });
export const orgErrors = {
  400: z.union([OrgMessage, z.strictObject({ error: z.string() })]),
  401: UberErrorResponse,
  404: OrgMessage,
  413: OrgMessage,
  429: OrgMessage,
  500: OrgMessage,
  503: OrgMessage,
};
