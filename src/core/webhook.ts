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

/** One outbox row: an order event waiting to be fanned out to the account's endpoints. */
export interface OutboxEvent {
  /** Outbox sequence: orders one order's events. */
  seq: string;
  /** The stable id receivers deduplicate on. */
  eventId: string;
  accountId: string;
  orderId: string;
  type: string;
  recordedAt: Date;
  createdAt: Date;
  subject: EventSubject;
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
  orderHandle: string;
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
