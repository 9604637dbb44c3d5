declare module 'vt-pbf' {
  /** Layers named as in the tile, each a geojson-vt tile; returns the MVT protobuf. */
  export function fromGeojsonVt(layers: Record<string, unknown>, options?: { version?: number; extent?: number }): Uint8Array;
}
