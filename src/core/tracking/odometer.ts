import { haversine } from '../geo.ts';

/**
 * Distance travelled, robust to GPS jitter. Fixes are grouped into a cluster while they stay
 * within `clusterRadius` of the cluster's centroid. When a fix leaves the cluster: if the cluster
 * lasted at least `staySeconds` it was a stop, and only entry → centroid → exit counts (the
 * jitter inside a stop adds nothing); otherwise the device was moving and the chain of fixes
 * counts as driven. Driving produces short clusters, so its distance is the fix-to-fix path.
 */
export interface Odometer {
  committed: number;
  cluster: {
    first: [number, number];
    last: [number, number];
    sum: [number, number];
    n: number;
    startAt: string;
    lastAt: string;
    /** Fix-to-fix path length inside the cluster. */
    path: number;
  } | null;
}

export interface OdometerOptions {
  clusterRadius: number;
  staySeconds: number;
}

export const DEFAULT_ODOMETER: OdometerOptions = { clusterRadius: 30, staySeconds: 120 };

export const centroid = (c: NonNullable<Odometer['cluster']>): [number, number] => [c.sum[0] / c.n, c.sum[1] / c.n];

/** Whether the cluster lasted long enough to be a stop (a stay point). */
export const isStay = (c: NonNullable<Odometer['cluster']>, opts: OdometerOptions) => (Date.parse(c.lastAt) - Date.parse(c.startAt)) / 1000 >= opts.staySeconds;

/** What the open cluster contributes so far: nothing while it is a stop (its spread is noise). */
function pending(c: Odometer['cluster'], opts: OdometerOptions): number {
  if (!c) return 0;
  return isStay(c, opts) ? 0 : c.path;
}

export const odometerDistance = (o: Odometer, opts: OdometerOptions = DEFAULT_ODOMETER): number => o.committed + pending(o.cluster, opts);

/** A new cluster at `pos`, after `committed` metres. */
const open = (committed: number, pos: [number, number], iso: string): Odometer => ({
  committed,
  cluster: { first: pos, last: pos, sum: [pos[0], pos[1]], n: 1, startAt: iso, lastAt: iso, path: 0 },
});

export function advanceOdometer(o: Odometer, pos: [number, number], at: Date, accuracy: number | null, opts: OdometerOptions = DEFAULT_ODOMETER): Odometer {
  const iso = at.toISOString();
  const c = o.cluster;
  if (!c) return open(o.committed, pos, iso);
  const radius = Math.max(opts.clusterRadius, accuracy ?? 0);
  if (haversine(centroid(c), pos) <= radius) {
    return {
      committed: o.committed,
      cluster: {
        ...c,
        last: pos,
        sum: [c.sum[0] + pos[0], c.sum[1] + pos[1]],
        n: c.n + 1,
        lastAt: iso,
        path: c.path + haversine(c.last, pos),
      },
    };
  }
  const leaving = isStay(c, opts) ? haversine(c.first, centroid(c)) + haversine(centroid(c), pos) : c.path + haversine(c.last, pos);
  return open(o.committed + leaving, pos, iso);
}
