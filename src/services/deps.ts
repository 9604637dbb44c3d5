import type { Clock, IdSource } from '../core/ports.ts';
import type { RegionLookup } from '../core/region.ts';
import type { Store } from '../store/store.ts';

/** Everything a use case needs, passed in explicitly: no module-level singletons. */
export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  regions: RegionLookup;
}
