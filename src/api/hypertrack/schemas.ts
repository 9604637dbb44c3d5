import { z } from 'zod';
import { ORDER_TYPES, PRIORITIES } from '../../core/order/types.ts';
import { int4, isoTimestamp, queryInt4 } from '../shared/storable.ts';

// Request schemas follow HyperTrack's OpenAPI (TrackOrder, OrderRequest, PatchOrderRequest …);
// the response schemas are in response-schemas.ts.

const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const position = z.tuple([lng, lat]).rest(z.number());
export const timestamp = isoTimestamp();
const metadata = z.record(z.string(), z.unknown());

export const PointSchema = z.object({ type: z.literal('Point'), coordinates: position });
export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position).min(4, 'A polygon ring needs at least 4 positions')).min(1),
});

// An address alone is geocoded by the route (place-destinations.ts) before the service runs.
export const DestinationSchema = z
  .object({
    geometry: z.union([PointSchema, PolygonSchema], { error: 'destination.geometry must be a GeoJSON Point or Polygon' }).optional(),
    address: z.string().nullish(),
    radius: int4().min(1).max(100_000).nullish(),
  })
  .superRefine((d, ctx) => {
    if (!d.geometry && !d.address?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'destination.geometry (a GeoJSON Point or Polygon) or destination.address is required' });
    }
  });
export type DestinationInput = z.infer<typeof DestinationSchema>;

export const OrderItemSchema = z.object({
  order_handle: z.string().min(1).max(255),
  destination: DestinationSchema,
  scheduled_at: timestamp.nullish(),
  scheduled_after: timestamp.nullish(),
  expected_service_time: int4().min(0).nullish(),
  metadata: metadata.nullish(),
  product_type: z.array(z.string()).nullish(),
  type: z.enum(ORDER_TYPES).nullish(),
  type_index: int4().min(0).nullish(),
  priority: z.enum(PRIORITIES).nullish(),
  capacity_used: int4().min(0).nullish(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderHandleParams = z.object({ order_handle: z.string().min(1).max(255) });
export const RouteHandleParams = z.object({ route_handle: z.string().min(1).max(255) });
export const WorkerHandleParams = z.object({ worker_handle: z.string().min(1).max(255) });

export const OrderKeyQuery = z.object({
  type: z.enum(ORDER_TYPES).optional(),
  type_index: queryInt4().min(0).optional(),
  fulfillment_attempt: queryInt4().min(0).optional(),
});

export const RouteVersionQuery = z.object({ version: queryInt4().min(1).optional() });

export const MetadataBody = z.object({ metadata: metadata.nullish() }).nullish();
export const EmptyBody = z.object({}).nullish();

export const HttpErrorResponse = z.object({ detail: z.object({}), message: z.string() });
export const ValidationErrorResponse = z.object({
  detail: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  message: z.string(),
});
export const CodedErrorResponse = z.object({ code: z.string(), title: z.string(), detail: z.unknown() });

/**
 * Every status the native error handler (errors.ts) can answer on any operation, with its body:
 * the coded refusals, HTTPError for 401/413/500 and the framework's own 4xx, ValidationError for
 * 422. Each operation spreads it into its responses, so /openapi.json lists them all.
 */
export const commonErrors = {
  400: z.union([CodedErrorResponse, HttpErrorResponse]),
  401: HttpErrorResponse,
  404: CodedErrorResponse,
  409: CodedErrorResponse,
  413: HttpErrorResponse,
  422: ValidationErrorResponse,
  429: CodedErrorResponse,
  500: HttpErrorResponse,
  503: CodedErrorResponse,
};

/** The 200 of a live stream: Server-Sent Events, documented by media type (the events are described in docs). */
export const eventStreamResponse = {
  description: 'A Server-Sent Events stream (text/event-stream)',
  content: { 'text/event-stream': { schema: z.string() } },
};
