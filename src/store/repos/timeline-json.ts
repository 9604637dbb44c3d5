import type { TimelineEvent } from '../../core/order/timeline.ts';

/** Events are stored as the API renders them: `{type, recorded_at, ...fields}`. */
export const timelineEntries = (events: readonly TimelineEvent[]) => events.map((e) => ({ type: e.type, recorded_at: e.recordedAt.toISOString(), ...e.data }));

export const timelineJson = (events: TimelineEvent[]): string => JSON.stringify(timelineEntries(events));

export const reviveTimeline = (v: unknown): TimelineEvent[] =>
  ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>[]).map(({ type, recorded_at, ...data }) => ({
    type: type as string,
    recordedAt: new Date(recorded_at as string),
    data,
  }));
