import type { PlaceMatch } from '../../core/region.ts';
import { type PackedPlaces, placeAt, type RegionData } from './region-data.ts';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Each place's name folded (accents, case, punctuation), built once on the first search. */
const folded = new WeakMap<PackedPlaces, string[]>();
function foldedNames(p: PackedPlaces): string[] {
  let names = folded.get(p);
  if (!names) {
    names = new Array(p.count);
    for (let i = 0; i < p.count; i++) names[i] = fold(p.names.slice(i === 0 ? 0 : p.nameEnds[i - 1]!, p.nameEnds[i]!));
    folded.set(p, names);
  }
  return names;
}

/**
 * Places whose name starts with the query ("san jo" finds San José and San Jose), most populous
 * first. Text after a comma narrows by country (ISO code or name) or state: "San Jose, CR",
 * "San Jose, California".
 */
export function searchPlaces(data: RegionData, query: string, limit: number): PlaceMatch[] {
  const [head = '', ...rest] = query.split(',');
  const name = fold(head);
  const within = fold(rest.join(' '));
  if (name.length < 2) return [];
  const names = foldedNames(data.places);
  const hits: number[] = [];
  for (let i = 0; i < names.length; i++) {
    if (!names[i]!.startsWith(name)) continue;
    if (within) {
      const p = placeAt(data.places, i);
      const where = [p.country, data.countryName(p.country), p.state ?? ''].map(fold);
      if (!where.some((w) => w.startsWith(within))) continue;
    }
    hits.push(i);
  }
  const exact = (i: number) => (names[i] === name ? 1 : 0);
  hits.sort((a, b) => exact(b) - exact(a) || data.places.population[b]! - data.places.population[a]!);
  return hits.slice(0, limit).map((i) => {
    const p = placeAt(data.places, i);
    return { name: p.name, country: p.country, ...(p.state ? { state: p.state } : {}), lng: p.lng, lat: p.lat, population: p.population };
  });
}
