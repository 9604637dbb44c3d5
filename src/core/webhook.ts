/** The vendor whose payloads, headers and retry rule an endpoint receives (docs/webhooks.md). */
export const WEBHOOK_FORMATS = ['hypertrack', 'uber', 'bringg'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookEndpoint {
  id: string;
  accountId: string;
  url: string;
  format: WebhookFormat;
  /** Event names in the format's vocabulary (HyperTrack: `data.value`s); null = all. */
  events: string[] | null;
  secret: string;
  /** Still signs (in a second header) until `previousSecretExpiresAt`, so receivers can rotate. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  authHeaderName: string | null;
  description: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The order as it was right after the change that produced an event, plus the event's fields. */
export interface EventSubject {
  order_handle: string;
  type: string;
  type_index: number;
  fulfillment_attempt: number;
  status: string;
  route_handle: string | null;
  worker_handle: string | null;
  device_id: string | null;
  share_code: string;
  metadata: Record<string, unknown>;
  scheduled_at: string | null;
  data: Record<string, unknown>;
}

/**
 * The HyperTrack envelope types beyond `order` (reference §8) that Dropline sends. Their outbox
 * type is `ht_<type>`; each goes to HyperTrack-format endpoints only (no other dialect has them).
 */
export const HT_STREAM_TYPES = ['route', 'worker', 'location', 'device_status', 'battery', 'geofence'] as const;
export type HtStreamType = (typeof HT_STREAM_TYPES)[number];

/** One envelope of a stream event: when it happened, its `data`, and the envelope `location` if any. */
export interface StreamItem {
  recorded_at: string;
  data: Record<string, unknown>;
  location?: { type: 'Point'; coordinates: number[] } | null;
}

/**
 * A non-order event, frozen at the change: the envelope type, who it is about, and one or more
 * envelopes (location fixes are batched: one POST carries the batch's sampled fixes).
 */
export interface StreamSubject {
  stream: HtStreamType;
  device_id: string | null;
  worker_handle: string | null;
  items: StreamItem[];
}

export const isStreamSubject = (s: EventSubject | StreamSubject): s is StreamSubject => 'stream' in s;

/** One outbox row: an event waiting to be fanned out to the account's endpoints. */
export interface OutboxEvent {
  /** Outbox sequence: orders one order's (or one stream's) events. */
  seq: string;
  /** The stable id receivers deduplicate on. */
  eventId: string;
  accountId: string;
  /** The order; for a stream event, its stream key (one route, worker or device: see streamKey). */
  orderId: string;
  type: string;
  recordedAt: Date;
  createdAt: Date;
  subject: EventSubject | StreamSubject;
}

/** The order subject of an order event; stream events never reach the code that needs one. */
export function orderSubject(e: OutboxEvent): EventSubject {
  if (isStreamSubject(e.subject)) throw new Error(`event ${e.eventId} is a ${e.subject.stream} event, not an order event`);
  return e.subject;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'rejected', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Delivery {
  id: string;
  endpointId: string;
  eventSeq: string;
  eventId: string;
  eventType: string;
  orderId: string;
  /** Null for stream (route, worker, device) events. */
  orderHandle: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** The retry horizon counts from here: creation, or the last manual retry. */
  retryFrom: Date;
}

/** What the dispatcher claims: the delivery with its endpoint and event, ready to render. */
export interface ClaimedDelivery {
  delivery: Delivery;
  endpoint: WebhookEndpoint;
  event: OutboxEvent;
}
