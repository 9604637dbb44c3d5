import { describe, expect, it } from 'vitest';
import type { ShiftEntry, Worker } from '../../src/core/worker.ts';
import { isOnShift, newShiftCache, shiftsOn, shiftWindowAt } from '../../src/core/worker-shift.ts';

type Scheduled = Pick<Worker, 'schedule' | 'unavailableOn' | 'timezone'>;

const weekly = (dayOfWeek: ShiftEntry['dayOfWeek'] & string, start: string, end: string, opsGroupHandle: string | null = null): ShiftEntry => ({
  dayOfWeek,
  startMinute: minutes(start),
  endMinute: minutes(end),
  opsGroupHandle,
});
const dated = (date: string, start: string, end: string): ShiftEntry => ({ date, startMinute: minutes(start), endMinute: minutes(end), opsGroupHandle: null });
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const worker = (schedule: ShiftEntry[], timezone: string | null, unavailableOn: string[] = []): Scheduled => ({ schedule, timezone, unavailableOn });
const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];

describe('worker shifts', () => {
  it('reads a weekly shift in the worker time zone (Los Angeles, PST = UTC−8)', () => {
    const w = worker([weekly('MONDAY', '09:00', '18:00')], 'America/Los_Angeles');
    // 2030-01-07 is a Monday.
    expect(shiftsOn(w, '2030-01-07').map(iso)).toEqual([['2030-01-07T17:00:00.000Z', '2030-01-08T02:00:00.000Z']]);
    expect(shiftsOn(w, '2030-01-08')).toEqual([]);
    expect(isOnShift(w, new Date('2030-01-07T16:59:59Z'))).toBe(false);
    expect(isOnShift(w, new Date('2030-01-07T17:00:00Z'))).toBe(true);
    // 17:59 PST on Monday is 01:59 UTC on Tuesday: still Monday's shift.
    expect(iso(shiftWindowAt(w, new Date('2030-01-08T01:59:00Z'))!)).toEqual(['2030-01-07T17:00:00.000Z', '2030-01-08T02:00:00.000Z']);
    expect(isOnShift(w, new Date('2030-01-08T02:00:00Z'))).toBe(false);
  });

  it('keeps wall-clock times across DST: a Berlin night shift is 3 h in March and 5 h in October', () => {
    const w = worker([weekly('SUNDAY', '00:00', '04:00')], 'Europe/Berlin');
    // 2030-03-24: CET all night (UTC+1), 4 hours.
    expect(shiftsOn(w, '2030-03-24').map(iso)).toEqual([['2030-03-23T23:00:00.000Z', '2030-03-24T03:00:00.000Z']]);
    // 2030-03-31: clocks jump 02:00 → 03:00; 04:00 CEST is 02:00 UTC.
    expect(shiftsOn(w, '2030-03-31').map(iso)).toEqual([['2030-03-30T23:00:00.000Z', '2030-03-31T02:00:00.000Z']]);
    // 2030-10-27: clocks fall back 03:00 → 02:00; midnight is CEST, 04:00 is CET.
    expect(shiftsOn(w, '2030-10-27').map(iso)).toEqual([['2030-10-26T22:00:00.000Z', '2030-10-27T03:00:00.000Z']]);
  });

  it('resolves skipped and repeated wall-clock times as Temporal "compatible" does', () => {
    const gap = worker([weekly('SUNDAY', '02:30', '05:00')], 'Europe/Berlin');
    // 02:30 does not exist on 2030-03-31: it moves forward by the hour to 03:30 CEST.
    expect(shiftsOn(gap, '2030-03-31')[0]!.start.toISOString()).toBe('2030-03-31T01:30:00.000Z');
    const fold = worker([weekly('SUNDAY', '02:30', '05:00')], 'Europe/Berlin');
    // 02:30 happens twice on 2030-10-27: the first (CEST) one.
    expect(shiftsOn(fold, '2030-10-27')[0]!.start.toISOString()).toBe('2030-10-27T00:30:00.000Z');
  });

  it('runs an overnight shift into the next day, where it still counts', () => {
    const w = worker([weekly('FRIDAY', '22:00', '06:00')], 'UTC');
    // 2030-01-11 is a Friday.
    expect(shiftsOn(w, '2030-01-11').map(iso)).toEqual([['2030-01-11T22:00:00.000Z', '2030-01-12T06:00:00.000Z']]);
    expect(isOnShift(w, new Date('2030-01-12T03:00:00Z'))).toBe(true);
    expect(isOnShift(w, new Date('2030-01-12T06:00:00Z'))).toBe(false);
    expect(isOnShift(w, new Date('2030-01-11T21:59:00Z'))).toBe(false);
    // Ending at 00:00 means midnight after the start.
    const toMidnight = worker([weekly('FRIDAY', '18:00', '00:00')], 'UTC');
    expect(shiftsOn(toMidnight, '2030-01-11').map(iso)).toEqual([['2030-01-11T18:00:00.000Z', '2030-01-12T00:00:00.000Z']]);
  });

  it('unavailable_on drops the shifts that start on that local date, overnight tail included', () => {
    const w = worker([weekly('FRIDAY', '22:00', '06:00'), weekly('SATURDAY', '10:00', '12:00')], 'Asia/Tokyo', ['2030-01-11']);
    expect(shiftsOn(w, '2030-01-11')).toEqual([]);
    // Saturday 03:00 Tokyo (Friday 18:00 UTC) would be Friday's overnight shift.
    expect(isOnShift(w, new Date('2030-01-11T18:00:00Z'))).toBe(false);
    // Saturday's own shift stands: 10:00 Tokyo = 01:00 UTC.
    expect(isOnShift(w, new Date('2030-01-12T01:30:00Z'))).toBe(true);
  });

  it('a dated entry replaces the weekly shifts of its day; overlapping shifts merge', () => {
    const w = worker([weekly('TUESDAY', '09:00', '17:00'), dated('2030-01-08', '12:00', '14:00'), dated('2030-01-08', '13:00', '15:00')], 'UTC');
    expect(shiftsOn(w, '2030-01-08').map(iso)).toEqual([['2030-01-08T12:00:00.000Z', '2030-01-08T15:00:00.000Z']]);
    expect(shiftsOn(w, '2030-01-15').map(iso)).toEqual([['2030-01-15T09:00:00.000Z', '2030-01-15T17:00:00.000Z']]);
    expect(isOnShift(w, new Date('2030-01-08T10:00:00Z'))).toBe(false);
    const split = worker([weekly('TUESDAY', '08:00', '12:00'), weekly('TUESDAY', '14:00', '18:00')], 'UTC');
    expect(shiftsOn(split, '2030-01-08')).toHaveLength(2);
    expect(isOnShift(split, new Date('2030-01-08T13:00:00Z'))).toBe(false);
  });

  it('without a schedule the worker has the whole local day (23 hours on the spring DST day)', () => {
    const w = worker([], 'Europe/Berlin');
    expect(shiftsOn(w, '2030-03-31').map(iso)).toEqual([['2030-03-30T23:00:00.000Z', '2030-03-31T22:00:00.000Z']]);
    expect(shiftsOn(worker([], null), '2030-03-31').map(iso)).toEqual([['2030-03-31T00:00:00.000Z', '2030-04-01T00:00:00.000Z']]);
    expect(shiftsOn(worker([], null, ['2030-03-31']), '2030-03-31')).toEqual([]);
  });

  it('entries tied to another ops group do not count when planning for a group', () => {
    const w = worker([weekly('MONDAY', '09:00', '12:00', 'store-sf'), weekly('MONDAY', '13:00', '17:00', null)], 'UTC');
    expect(shiftsOn(w, '2030-01-07', { opsGroupHandle: 'store-sjc' }).map(iso)).toEqual([['2030-01-07T13:00:00.000Z', '2030-01-07T17:00:00.000Z']]);
    expect(shiftsOn(w, '2030-01-07', { opsGroupHandle: 'store-sf' })).toHaveLength(2);
    expect(isOnShift(w, new Date('2030-01-07T10:00:00Z'), { opsGroupHandle: 'store-sjc' })).toBe(false);
  });

  it('a shared cache (many workers at one moment) gives the same windows as none, across zones and DST', () => {
    const workers = [
      worker([weekly('SUNDAY', '01:30', '04:00'), weekly('SUNDAY', '22:00', '02:00')], 'Europe/Berlin'),
      worker([], 'Europe/Berlin'),
      worker([], 'America/Los_Angeles'),
      worker([weekly('SATURDAY', '23:00', '03:00')], 'America/Los_Angeles'),
      worker([], null),
    ];
    const cache = newShiftCache();
    for (const at of ['2030-03-31T01:15:00Z', '2030-03-31T02:30:00Z', '2030-10-27T00:45:00Z', '2030-03-10T09:30:00Z', '2030-11-03T08:30:00Z']) {
      for (const w of workers) {
        const plain = shiftWindowAt(w, new Date(at));
        const cached = shiftWindowAt(w, new Date(at), { cache });
        expect(cached && iso(cached), `${at} ${w.timezone}`).toEqual(plain && iso(plain));
      }
    }
    expect(cache.formatters.size).toBe(3);
  });
});
