import { feature } from 'topojson-client';
import worldUrl from 'world-atlas/countries-110m.json?url';

let cached: Promise<GeoJSON.FeatureCollection> | null = null;

/** The shipped country outlines (world-atlas, 1:110m), served by this server as a hashed asset. */
export function loadBasemap(): Promise<GeoJSON.FeatureCollection> {
  cached ??= fetch(worldUrl)
    .then((r) => r.json())
    .then((topology: { objects: { countries: unknown } }) => feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection);
  return cached;
}
