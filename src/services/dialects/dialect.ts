import type { DriverProofRecord, RequiredProofs } from '../../core/driver/proofs.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { OutboxEvent, WebhookEndpoint, WebhookFormat } from '../../core/webhook.ts';
import type { AlongsidePart } from '../../store/alongside.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import type { WebhookRenderer } from '../webhooks/formats/format.ts';
import type { Verdict } from '../webhooks/retry-policy.ts';

/** A vendor's authentication headers for one body (docs/webhooks.md "Signatures"). */
export type WebhookSigner = (endpoint: Pick<WebhookEndpoint, 'secret' | 'authHeaderName'>, body: string) => Record<string, string>;

/** One vendor's webhooks: payloads, authentication, what an answer means. */
export interface DialectWebhookFormat {
  readonly format: WebhookFormat;
  readonly renderer: WebhookRenderer;
  readonly sign: WebhookSigner;
  /** What a non-2xx answer means (a 2xx, 408, 429 and no answer are decided for every format). */
  verdict(status: number): Verdict;
  /**
   * Whether a rotation's previous secret signs `x-dropline-previous-signature`: a vendor whose
   * secret is a static header cannot carry a second one that way.
   */
  readonly signsWithPreviousSecret: boolean;
  /** Headers of the format beyond authentication (HyperTrack's message id). */
  headers?(event: OutboxEvent): Record<string, string>;
}

/**
 * What a dialect does when tracking crosses a geofence. `crosses` decides, without I/O, whether
 * the fast ingest path must give the fixes to the locked one; `apply` runs under the order's lock
 * and returns a change to save with the tracking (or null).
 */
export interface GeofenceReaction {
  crosses(events: readonly TimelineEvent[]): boolean;
  apply(repos: Repos, order: Order, events: readonly TimelineEvent[]): Promise<Change | null>;
}

/**
 * A dialect as the shared services see it: everything below is optional, and a shared service
 * asks the registered dialects (`deps.dialects`) instead of importing one. The HTTP half
 * (routes, authentication) is `Dialect` in src/api/shared/dialect.ts.
 */
export interface DialectServices {
  /** Unique; also the key of its credentials in a new account's answer. */
  readonly name: string;
  /** Its webhook format, when it sends webhooks. */
  readonly webhookFormat?: DialectWebhookFormat;
  /** Creates the account's credentials of this dialect in the account's creation transaction; shown once. */
  provisionAccount?(deps: Deps, repos: Repos, accountId: string, now: Date): Promise<object>;
  /** Reacts to geofence crossings of tracking. */
  readonly onGeofence?: GeofenceReaction;
  /**
   * A cancel of one stop that the dialect answers its own way (Uber: the courier failing the
   * dropoff). Returns its result, or null to let the shared cancel run.
   */
  cancelStop?(deps: Deps, accountId: string, key: OrderKey, metadata: Record<string, unknown> | undefined): Promise<OrderView | null>;
  /** Its own rows written in the order-change statement (given to the store when it opens). */
  readonly alongside?: AlongsidePart;
  /** Periodic work of the dialect, run by the server process (app.ts). */
  readonly jobs?: readonly DialectJob[];
  /** What the driver app reads from and writes to the dialect's own record of a stop. */
  readonly driverStops?: DriverStopSource;
}

/** A stop's details as the dialect carries them (docs/driver-app.md "Where the fields come from"); absent = not the dialect's. */
export interface DriverStopFacts {
  customerName?: string | null;
  customerPhone?: string | null;
  instructions?: string | null;
  required?: Partial<RequiredProofs>;
  pincode?: string | null;
}

export interface DriverStopSource {
  /** Facts of the given orders that are the dialect's, by order id. */
  facts(repos: Repos, accountId: string, orders: readonly Order[]): Promise<Map<string, DriverStopFacts>>;
  /** Writes the driver's proof into the dialect's record of the stop, inside the completion's transaction. */
  recordProof?(repos: Repos, order: Order, proof: DriverProofRecord, now: Date): Promise<void>;
}

export interface DialectJob {
  readonly name: string;
  readonly everySeconds: number;
  run(deps: Deps): Promise<unknown>;
}

/** The registered format `format`, if a dialect renders it. */
export const webhookFormatOf = (dialects: readonly DialectServices[], format: WebhookFormat): DialectWebhookFormat | undefined =>
  dialects.find((d) => d.webhookFormat?.format === format)?.webhookFormat;
