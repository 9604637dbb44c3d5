import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { around, distance } from 'geokdbush';
import type { Region } from '../../core/order/types.ts';
import type { RegionLookup } from '../../core/region.ts';
import { searchPlaces } from './place-search.ts';
import { loadPackedPlaces, type PackedPlaces, placeAt, placeInCountry, type RegionData, regionDataOf } from './region-data.ts';

const MAX_CITY_KM = 50;
const CANDIDATES = 10;

/**
 * Rough radius of a town assuming ~2000 people/km², so a point in a big city's outskirts
 * goes to that city rather than to a nearer suburb centre (Milpitas vs San Jose).
 */
const townRadiusKm = (population: number) => Math.sqrt(Math.max(population, 1000) / (Math.PI * 2000));

function nearestPlace(data: RegionData, country: string, lng: number, lat: number): number | undefined {
  const { places, index } = data;
  let best: number | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  // Restricted to the polygon's country so a point in Windsor is not named after Detroit.
  for (const i of around(index, lng, lat, CANDIDATES, MAX_CITY_KM, (j) => placeInCountry(places, j, country))) {
    const score = distance(lng, lat, places.lng[i]!, places.lat[i]!) / (townRadiusKm(places.population[i]!) + 1);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

const WORKER = new URL('./region-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');

/**
 * The places, built in a worker thread that starts now; `take()` waits for them (blocking, as
 * the lookup is synchronous) and falls back to building them here if the worker cannot.
 */
function placesFromWorker(): () => PackedPlaces {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker | undefined;
  try {
    // Workers do not inherit `--import tsx` on Node 20, so the worker registers it first.
    const boot = `import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER)}); })`;
    worker = new Worker(boot, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
    worker.unref();
    worker.on('error', () => {
      Atomics.store(signal, 0, 2);
    });
  } catch {
    Atomics.store(signal, 0, 2);
  }
  return () => {
    // A worker that died before posting sets nothing here from its thread: bound the wait.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const got = receiveMessageOnPort(port1)?.message as { places?: PackedPlaces; error?: string } | undefined;
      if (got?.places) return got.places;
      if (got?.error || Atomics.load(signal, 0) === 2 || Date.now() > deadline) break;
      Atomics.wait(signal, 0, 0, 50);
    }
    void worker?.terminate();
    return loadPackedPlaces();
  };
}

/**
 * Offline reverse geocoder built from GeoNames (cities, admin1 names) and country-coder
 * borders. The places (~1 s to decode) are built in a worker thread started here, so the server
 * keeps only their packed columns (~10 MB) and none of the decoding heap; the first lookup
 * waits for them if they are not ready yet.
 */
export function createOfflineRegionLookup(): RegionLookup {
  const take = placesFromWorker();
  let data: RegionData | undefined;
  return {
    lookup(lng, lat) {
      data ??= regionDataOf(take());
      const iso = data.countryAt(lng, lat);
      if (!iso) return null;
      const i = nearestPlace(data, iso, lng, lat);
      const region: Region = { country: data.countryName(iso) };
      const place = i === undefined ? undefined : placeAt(data.places, i);
      if (place?.state) region.state = place.state;
      if (place) region.city = place.name;
      return region;
    },
    searchPlaces(query, limit) {
      data ??= regionDataOf(take());
      return searchPlaces(data, query, limit);
    },
  };
}
