import { DomainError } from '../../core/errors.ts';
import type { Deps } from '../../services/deps.ts';
import { locateAddress } from '../../services/geocoding/locate-address.ts';
import type { DestinationInput } from './schemas.ts';

export type PlacedDestination = DestinationInput & { geometry: NonNullable<DestinationInput['geometry']> };

/**
 * A destination with its geometry: as sent, or its `address` geocoded (the configured geocoder,
 * then GeoNames places) before the service opens any transaction. An address nothing can place is
 * the 422 ValidationError naming `field` — never a guessed point.
 */
export async function placeDestination(deps: Deps, d: DestinationInput, at: { location: 'json' | 'query'; field: string }): Promise<PlacedDestination> {
  if (d.geometry) return { ...d, geometry: d.geometry };
  const located = await locateAddress(deps, d.address ?? '');
  if (!located.found) throw new DomainError('invalid_request', located.reason, { location: at.location, field: at.field, reason: located.reason });
  return { ...d, geometry: { type: 'Point', coordinates: [located.match.lng, located.match.lat] } };
}

/** Every item's destination placed, geocoding concurrently; `prefix` names the array in the body (`orders`). */
export const placeItems = <T extends { destination: DestinationInput }>(deps: Deps, items: T[], prefix: string) =>
  Promise.all(
    items.map(async (item, i) => ({
      ...item,
      destination: await placeDestination(deps, item.destination, { location: 'json', field: `${prefix}.${i}.destination.address` }),
    })),
  );
