import type * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';

let added = false;

/** `pmtiles://<url>` sources read their tiles by HTTP byte ranges from this server; registered once per page. */
export function addPmtilesProtocol(lib: typeof maplibregl) {
  if (added) return;
  added = true;
  lib.addProtocol('pmtiles', new Protocol().tile);
}
