/** Shapes of the driver API (docs/driver-app.md, "HTTP contract"). */

export interface Session {
  worker_handle: string;
  name: string | null;
  device_id: string | null;
  link_id: string;
  csrf_token: string;
  expires_at: string;
}

export interface Me {
  worker_handle: string;
  name: string | null;
  device_id: string | null;
  on_shift: boolean;
  timezone: string | null;
  today: string;
}

/** `cancelled`: the dispatcher or the merchant called it off. */
export type StopStatus = 'new' | 'accepted' | 'started' | 'arrived' | 'completed' | 'failed' | 'cancelled';

export interface ProofFile {
  proof_id: string;
  kind: 'photo' | 'signature';
  content_type: string;
  bytes: number;
  url: string;
  url_expires_at: string;
}

export interface Barcode {
  value: string;
  type?: string;
}

export interface Proof {
  photo: ProofFile | null;
  signature: ProofFile | null;
  barcodes: Barcode[];
  pin_entered: string | null;
  notes: string | null;
}

export interface Stop {
  stop_id: string;
  order_handle: string;
  type: 'pick' | 'drop';
  route_handle: string | null;
  sequence: number | null;
  status: StopStatus;
  time_window: { start: string | null; end: string | null };
  address: string | null;
  location: { lat: number; lng: number };
  radius: number | null;
  customer: { name: string | null; phone: string | null };
  instructions: string | null;
  required_proofs: { photo: boolean; signature: boolean; pin: boolean; barcodes: Barcode[] };
  proof: Proof | null;
  failure: { reason: string; notes: string | null } | null;
}

/** The server takes no time with it (its schema is strict): the action's own time is the location's. */
export interface LocationBody {
  lat: number;
  lng: number;
  accuracy?: number;
}

export const FAIL_REASONS: [string, string][] = [
  ['customer_unavailable', 'Customer not available'],
  ['no_secure_location', 'No safe place to leave it'],
  ['address_not_found', 'Address not found'],
  ['access_denied', 'Could not get in'],
  ['refused_by_customer', 'Customer refused it'],
  ['damaged', 'Items damaged'],
  ['other', 'Other (say why in the notes)'],
];
