import { describe, expect, it } from 'vitest';
import { geohashCell } from '../../src/core/geohash.ts';

describe('geohashCell', () => {
  it('decodes the classic example u4pruydqqvj around 57.64911 N, 10.40744 E', () => {
    const c = geohashCell('u4pruydqqvj')!;
    expect(c.minLat).toBeLessThanOrEqual(57.64911);
    expect(c.maxLat).toBeGreaterThan(57.64911);
    expect(c.minLng).toBeLessThanOrEqual(10.40744);
    expect(c.maxLng).toBeGreaterThan(10.40744);
    expect(c.maxLng - c.minLng).toBeLessThan(0.00002);
  });

  it('halves longitude first: "s" is the north-east quarter band, upper case is accepted', () => {
    expect(geohashCell('S')).toEqual({ minLng: 0, maxLng: 45, minLat: 0, maxLat: 45 });
  });

  it('refuses characters outside the alphabet and bad lengths', () => {
    expect(geohashCell('9qa')).toBeNull();
    expect(geohashCell('')).toBeNull();
    expect(geohashCell('0123456789bcd')).toBeNull();
  });
});
