import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseOsmandTime } from '../../../src/api/ingest/fix-time.ts';

describe('OsmAnd timestamp forms (reference §1.2)', () => {
  it.each([
    ['2147483646', '2038-01-19T03:14:06.000Z', 'just below Integer.MAX_VALUE: seconds'],
    ['2147483647', '1970-01-25T20:31:23.647Z', 'Integer.MAX_VALUE itself: milliseconds, as in Traccar'],
    ['1718000000', '2024-06-10T06:13:20.000Z', 'seconds'],
    ['1718000000123', '2024-06-10T06:13:20.123Z', 'milliseconds'],
    ['1718000000.5', '2024-06-10T06:13:20.500Z', 'fractional seconds'],
    ['2016-01-27T18:55:47Z', '2016-01-27T18:55:47.000Z', 'ISO, Z'],
    ['2016-01-27T18:55:47.862Z', '2016-01-27T18:55:47.862Z', 'ISO with ms'],
    ['2016-01-27T20:55:47+02:00', '2016-01-27T18:55:47.000Z', 'ISO with an offset'],
    ['2016-01-27T13:55:47-0500', '2016-01-27T18:55:47.000Z', 'ISO with a colon-less offset'],
    ['2016-01-27T18:55:47', '2016-01-27T18:55:47.000Z', 'ISO without a zone: UTC'],
    ['2016-01-27 18:55:47', '2016-01-27T18:55:47.000Z', 'yyyy-MM-dd HH:mm:ss: UTC'],
  ])('%s → %s (%s)', (text, iso) => {
    expect(parseOsmandTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'now', '-5', '2016-02-30 10:00:00', '2016-01-27 25:00:00', '2016-01-27', '27/01/2016 18:55:47', '1e9'])('%j is no time', (text) => {
    expect(parseOsmandTime(text)).toBeNull();
  });

  it('transistorsoft timestamps are ISO only', () => {
    expect(parseIsoTime('2025-06-15T13:45:12.862Z')?.toISOString()).toBe('2025-06-15T13:45:12.862Z');
    expect(parseIsoTime('2025-06-15 13:45:12')).toBeNull();
  });
});
