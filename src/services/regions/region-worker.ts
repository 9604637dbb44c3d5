import { type MessagePort, workerData } from 'node:worker_threads';
import { loadPackedPlaces } from './region-data.ts';

/**
 * Builds the packed places in a worker thread (offline-region-lookup.ts): decoding GeoNames
 * grows a heap to ~150 MB, and a heap does not shrink back once the garbage is collected. Here
 * that heap goes away with the thread; only the few MB of columns cross over.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
try {
  const places = loadPackedPlaces();
  const columns = [places.nameEnds, places.stateOf, places.population, places.lng, places.lat].map((a) => a.buffer as ArrayBuffer);
  port.postMessage({ places }, [...columns, places.index]);
} catch (e) {
  port.postMessage({ error: (e as Error).stack ?? String(e) });
}
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
