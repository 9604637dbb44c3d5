/**
 * Who receives a delivery and how to reach them, kept in the order's metadata under these keys
 * (the native order has no such fields; HyperTrack's `metadata` is where its users put them, and
 * the dashboard writes the same keys). Anything but a non-empty string reads as absent.
 */
export const CUSTOMER_KEYS = { name: 'customer_name', phone: 'customer_phone', instructions: 'instructions' } as const;

export interface CustomerFields {
  name: string | null;
  phone: string | null;
  instructions: string | null;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export const customerOf = (metadata: Record<string, unknown> | null | undefined): CustomerFields => ({
  name: str(metadata?.[CUSTOMER_KEYS.name]),
  phone: str(metadata?.[CUSTOMER_KEYS.phone]),
  instructions: str(metadata?.[CUSTOMER_KEYS.instructions]),
});
