export interface GeocodeMatch {
  label: string;
  lng: number;
  lat: number;
  /** `place`: a GeoNames town or city (offline); `address`: the configured geocoder's answer. */
  kind: 'place' | 'address';
}

const TIMEOUT_MS = 4000;

interface NominatimHit {
  lat: string;
  lon: string;
  display_name: string;
}
interface PhotonFeature {
  geometry: { coordinates: [number, number] };
  properties: Record<string, string | undefined>;
}

const photonLabel = (p: PhotonFeature['properties']) =>
  [[p.housenumber, p.street].filter(Boolean).join(' ') || p.name, p.postcode, p.city ?? p.town ?? p.village, p.state, p.country].filter(Boolean).join(', ');

/**
 * Street addresses from the install's own geocoder (DROPLINE_GEOCODER_URL): a Nominatim `/search`
 * (a JSON array of `{lat, lon, display_name}`) or a Photon `/api` (a GeoJSON FeatureCollection)
 * endpoint, told apart by the answer's shape. Both take `q` and `limit`; `format=jsonv2` is
 * Nominatim's and Photon ignores it.
 */
export async function geocodeAddress(endpoint: string, query: string, limit: number): Promise<GeocodeMatch[]> {
  const url = new URL(endpoint);
  url.searchParams.set('q', query);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('format', 'jsonv2');
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`geocoder answered ${res.status}`);
  const body = (await res.json()) as NominatimHit[] | { type?: string; features?: PhotonFeature[] };
  const matches: GeocodeMatch[] = Array.isArray(body)
    ? body.map((h) => ({ label: h.display_name, lng: Number(h.lon), lat: Number(h.lat), kind: 'address' as const }))
    : (body.features ?? []).map((f) => ({
        label: photonLabel(f.properties),
        lng: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        kind: 'address' as const,
      }));
  return matches.filter((m) => Number.isFinite(m.lng) && Number.isFinite(m.lat) && Math.abs(m.lat) <= 90 && Math.abs(m.lng) <= 180).slice(0, limit);
}
