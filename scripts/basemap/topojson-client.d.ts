declare module 'topojson-client' {
  export function feature(topology: unknown, object: unknown): GeoJSON.FeatureCollection | GeoJSON.Feature;
  export function mesh(topology: unknown, object: unknown, filter?: (a: unknown, b: unknown) => boolean): GeoJSON.MultiLineString;
}
