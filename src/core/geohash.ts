/** The area a geohash names, in degrees: longitudes [minLng, maxLng), latitudes [minLat, maxLat). */
export interface GeohashCell {
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
}

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * Decodes a geohash (1–12 characters of the geohash base 32, case-insensitive) to its cell; null
 * when it is not one. Each character halves the longitude and latitude ranges five times,
 * alternately, starting with longitude.
 */
export function geohashCell(hash: string): GeohashCell | null {
  if (hash.length < 1 || hash.length > 12) return null;
  const cell = { minLng: -180, maxLng: 180, minLat: -90, maxLat: 90 };
  let lngTurn = true;
  for (const ch of hash.toLowerCase()) {
    const bits = ALPHABET.indexOf(ch);
    if (bits < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const on = ((bits >> b) & 1) === 1;
      if (lngTurn) {
        const mid = (cell.minLng + cell.maxLng) / 2;
        if (on) cell.minLng = mid;
        else cell.maxLng = mid;
      } else {
        const mid = (cell.minLat + cell.maxLat) / 2;
        if (on) cell.minLat = mid;
        else cell.maxLat = mid;
      }
      lngTurn = !lngTurn;
    }
  }
  return cell;
}
