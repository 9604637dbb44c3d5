import type { z } from 'zod';
import type { PlaceInput } from '../../services/uber/places.ts';
import type { RequestedWindows } from '../../services/uber/time-windows.ts';
import type { QuoteBody } from './schemas.ts';

/** The places and time windows a quote and a delivery both carry (a delivery body extends the quote's). */
export function quoteFields(b: z.output<typeof QuoteBody>): { pickup: PlaceInput; dropoff: PlaceInput; windows: RequestedWindows } {
  return {
    pickup: { address: b.pickup_address, lat: b.pickup_latitude ?? null, lng: b.pickup_longitude ?? null },
    dropoff: { address: b.dropoff_address, lat: b.dropoff_latitude ?? null, lng: b.dropoff_longitude ?? null },
    windows: {
      pickupReady: b.pickup_ready_dt ?? null,
      pickupDeadline: b.pickup_deadline_dt ?? null,
      dropoffReady: b.dropoff_ready_dt ?? null,
      dropoffDeadline: b.dropoff_deadline_dt ?? null,
    },
  };
}
