/**
 * Why a driver could not hand a stop over, and what each vendor hears (docs/driver-app.md). Uber
 * documents only NO_SECURE_LOCATION_TO_DROPOFF; the other values and Bringg's reason ids are
 * Dropline's, in each vendor's style.
 */
export const FAIL_REASONS = {
  customer_unavailable: { uber: 'CUSTOMER_UNAVAILABLE', bringg: 1 },
  no_secure_location: { uber: 'NO_SECURE_LOCATION_TO_DROPOFF', bringg: 2 },
  address_not_found: { uber: 'CANNOT_FIND_CUSTOMER_ADDRESS', bringg: 3 },
  access_denied: { uber: 'CANNOT_ACCESS_CUSTOMER_LOCATION', bringg: 4 },
  refused_by_customer: { uber: 'CUSTOMER_REFUSED_DELIVERY', bringg: 5 },
  damaged: { uber: 'ITEMS_DAMAGED', bringg: 6 },
  other: { uber: 'OTHER', bringg: 7 },
} as const;

export type FailReason = keyof typeof FAIL_REASONS;
export const FAIL_REASON_NAMES = Object.keys(FAIL_REASONS) as [FailReason, ...FailReason[]];

export const isFailReason = (v: unknown): v is FailReason => typeof v === 'string' && Object.hasOwn(FAIL_REASONS, v);
