import { haversine, point } from '../geo.ts';
import type { TimelineEvent } from '../order/timeline.ts';
import type { RegionLookup } from '../region.ts';
import { centroid, isStay, type Odometer, type OdometerOptions, odometerDistance } from './odometer.ts';

/**
 * Driver activity: the order's tracked time cut into stop and drive segments, from the
 * odometer's stay points (a cluster of fixes that lasted `staySeconds` is a stop; the fixes
 * between stops are driving). Each segment is told as a `driver_activity_started` and a
 * `driver_activity_ended` timeline event, in the fields and types of seeds 000 and 002: their
 * `driver_handle` is null (the activity is the device's, not an order assignment's), `steps` is
 * 0 (Dropline has no step counter, as the seeds' devices had none), and `walk` never occurs.
 */
export type ActivityKind = 'stop' | 'drive';

/** The open segment; ISO strings so the record survives the order row's JSON. */
export interface ActivitySegment {
  /** Null while undecided: the device has not yet stayed long enough, nor left its first cluster. */
  kind: ActivityKind | null;
  startedAt: string;
  start: [number, number];
  /** Odometer distance at the segment's start (a drive's distance is the difference). */
  startDistance: number;
  /** Where it started, named by the offline region lookup ("City, State, Country"); null where it has no answer. */
  address: string | null;
}

export interface ActivityStep {
  segment: ActivitySegment | null;
  events: TimelineEvent[];
}

const located = (pos: [number, number], iso: string) => ({ geometry: point(pos[0], pos[1]), recorded_at: iso });

/** The seeds' address ends "…, San Jose, Santa Clara County, California, 95131, United States"; the region lookup knows the city, state and country. */
export function addressOf(regions: RegionLookup, pos: [number, number]): string | null {
  const r = regions.lookup(pos[0], pos[1]);
  if (!r) return null;
  return [r.city, r.state, r.country].filter((p) => !!p).join(', ');
}

const segmentAt = (kind: ActivityKind | null, iso: string, pos: [number, number], startDistance: number, regions: RegionLookup): ActivitySegment => ({
  kind,
  startedAt: iso,
  start: pos,
  startDistance,
  address: addressOf(regions, pos),
});

function started(s: ActivitySegment, kind: ActivityKind): TimelineEvent {
  return {
    type: 'driver_activity_started',
    recordedAt: new Date(s.startedAt),
    data: { driver_handle: null, activity: kind, location: located(s.start, s.startedAt), address: s.address },
  };
}

function ended(s: ActivitySegment, kind: ActivityKind, at: string, pos: [number, number], distance: number): TimelineEvent {
  return {
    type: 'driver_activity_ended',
    recordedAt: new Date(at),
    data: {
      driver_handle: null,
      activity: kind,
      location: located(pos, at),
      // Seed 002: a stop's distance is null; a drive's is the metres driven.
      distance: kind === 'stop' ? null : Math.round(Math.max(0, distance - s.startDistance)),
      duration: Math.max(0, Math.round((Date.parse(at) - Date.parse(s.startedAt)) / 1000)),
      steps: 0,
    },
  };
}

/**
 * The segment after one fix moved the odometer from `before` to `after`. Events come out once
 * a segment's kind is known: a stop when its cluster has lasted `staySeconds` (it started at the
 * cluster's first fix), a drive when a fix leaves a cluster that was not a stop.
 */
export function advanceActivity(
  segment: ActivitySegment | null,
  before: Odometer,
  after: Odometer,
  regions: RegionLookup,
  opts: OdometerOptions,
): ActivityStep {
  const c = after.cluster;
  if (!c) return { segment, events: [] };
  const prev = before.cluster;
  if (!prev || !segment) {
    return { segment: segmentAt(null, c.startAt, c.first, odometerDistance(after, opts), regions), events: [] };
  }
  const leftCluster = c.n === 1 && c.startAt !== prev.startAt;
  const events: TimelineEvent[] = [];
  if (!leftCluster) {
    if (!isStay(c, opts) || segment.kind === 'stop') return { segment, events };
    if (segment.kind === null) return { segment: { ...segment, kind: 'stop' }, events: [started(segment, 'stop')] };
    // A drive ends where the stop's cluster began; its distance is everything committed before it.
    events.push(ended(segment, 'drive', c.startAt, c.first, after.committed));
    const stop = segmentAt('stop', c.startAt, c.first, after.committed, regions);
    events.push(started(stop, 'stop'));
    return { segment: stop, events };
  }
  if (isStay(prev, opts)) {
    // Leaving a stop: it ends at its last fix inside, and the drive starts there.
    const stop: ActivitySegment = segment.kind === 'stop' ? segment : { ...segment, kind: 'stop' };
    if (segment.kind !== 'stop') events.push(started(stop, 'stop'));
    events.push(ended(stop, 'stop', prev.lastAt, prev.last, 0));
    // The odometer counts a stop as entry → centre → exit: the drive's metres start at the centre.
    const startDistance = before.committed + haversine(prev.first, centroid(prev));
    const drive = segmentAt('drive', prev.lastAt, prev.last, startDistance, regions);
    events.push(started(drive, 'drive'));
    return { segment: drive, events };
  }
  if (segment.kind === null) {
    const drive: ActivitySegment = { ...segment, kind: 'drive' };
    return { segment: drive, events: [started(drive, 'drive')] };
  }
  return { segment, events };
}

/**
 * Closes the open segment at the order's last fix (the order finished): an undecided one was a
 * stop, since the device never left its first cluster (seed 002: one fix, a stop of 0 s).
 */
export function closeActivity(
  segment: ActivitySegment | null | undefined,
  odometer: Odometer | undefined,
  last: { at: Date; pos: [number, number] } | null,
  opts: OdometerOptions,
): TimelineEvent[] {
  if (!segment || !odometer || !last) return [];
  const kind = segment.kind ?? 'stop';
  const events = segment.kind === null ? [started(segment, kind)] : [];
  events.push(ended(segment, kind, last.at.toISOString(), last.pos, odometerDistance(odometer, opts)));
  return events;
}
