import { isTimeZone, localDateIn } from './worker-shift.ts';

/**
 * An ops group's daily plan (DROPLINE_PLAN_CUTOFFS, docs/planning.md "Plan runs"): once the local
 * time in `timezone` passes `minute` (since midnight), the group's scheduled orders of the local
 * date `daysAhead` days on are planned.
 */
export interface PlanCutoff {
  opsGroupHandle: string;
  minute: number;
  timezone: string;
  daysAhead: number;
}

const ENTRY = /^([^=\s]+)=(\d{2}):(\d{2})(?:@([^+\s]+))?(?:\+(\d+))?$/;

/** `store-sf=05:30@America/Los_Angeles+1,depot=06:00`: group=HH:MM, optional @zone (UTC), optional +days (0). */
export function parsePlanCutoffs(text: string): PlanCutoff[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = ENTRY.exec(s);
      const hour = Number(m?.[2]);
      const minute = Number(m?.[3]);
      const timezone = m?.[4] ?? 'UTC';
      if (!m || hour > 23 || minute > 59 || !isTimeZone(timezone)) {
        throw new Error(`DROPLINE_PLAN_CUTOFFS: "${s}" is not group=HH:MM[@Time/Zone][+days]`);
      }
      return { opsGroupHandle: m[1]!, minute: hour * 60 + minute, timezone, daysAhead: Number(m[5] ?? 0) };
    });
}

const minuteOfDay = (at: Date, tz: string) => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
};

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The cut-offs already passed today (local), each with the date its plan is for. */
export function dueCutoffs(cutoffs: readonly PlanCutoff[], now: Date): { cutoff: PlanCutoff; date: string }[] {
  return cutoffs.filter((c) => minuteOfDay(now, c.timezone) >= c.minute).map((c) => ({ cutoff: c, date: addDays(localDateIn(now, c.timezone), c.daysAhead) }));
}
