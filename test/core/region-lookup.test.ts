import { describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../src/services/regions/offline-region-lookup.ts';

// One instance for the file: the first lookup loads ~1 s of data.
const regions = createOfflineRegionLookup();
const sanJose = { country: 'United States', state: 'California', city: 'San Jose' };

describe('offline region lookup', () => {
  it('names San Jose in its centre', { timeout: 30_000 }, () => {
    expect(regions.lookup(-121.8610066, 37.3263062)).toEqual(sanJose);
  });

  it('prefers San Jose over the nearer Milpitas centre at the city edge', () => {
    expect(regions.lookup(-121.8871193, 37.390611)).toEqual(sanJose);
  });

  it('names big cities elsewhere, not their districts', () => {
    expect(regions.lookup(2.3522, 48.8566)).toEqual({
      country: 'France',
      state: 'Île-de-France',
      city: 'Paris',
    });
    expect(regions.lookup(13.405, 52.52)).toEqual({
      country: 'Germany',
      state: 'State of Berlin',
      city: 'Berlin',
    });
    expect(regions.lookup(151.2093, -33.8688)).toEqual({
      country: 'Australia',
      state: 'New South Wales',
      city: 'Sydney',
    });
    expect(regions.lookup(-46.63, -23.55)).toEqual({
      country: 'Brazil',
      state: 'São Paulo',
      city: 'São Paulo',
    });
  });

  it('returns null at sea', () => {
    expect(regions.lookup(-40, 30)).toBeNull();
  });

  it('gives only the country on empty land rather than inventing a city', () => {
    const region = regions.lookup(12.0, 23.5);
    expect(region).toEqual({ country: 'Niger' });
    expect(region).not.toHaveProperty('city');
    expect(region).not.toHaveProperty('state');
  });

  it('uses the state from the current GeoNames admin1 codes', () => {
    expect(regions.lookup(105.8412, 21.0245)).toMatchObject({
      country: 'Vietnam',
      state: 'Hanoi',
      city: 'Hanoi',
    });
  });
});
