import type { Fix } from '../../core/tracking/fix.ts';
import { type DecodeResult, type Decoded, decoded, decodeError, finite, MAX_FIXES_PER_REQUEST, measured, parseDecimal } from './decode-result.ts';
import { parseIsoTime, parseOsmandTime } from './fix-time.ts';

/** How the request was written; Traccar answers an unknown device with 400 for one and 404 for the other. */
export type OsmandFormat = 'key_value' | 'json';

export interface OsmandRequest {
  /** The raw query string, without the `?`. */
  query: string;
  contentType: string | undefined;
  /** The raw body, '' when there is none. */
  body: string;
  /** Receive time: the fix time of a fix sent without a timestamp. */
  now: Date;
}

export interface OsmandDecoded {
  format: OsmandFormat;
  result: DecodeResult;
}

/** OsmAnd speeds are knots (reference §1.2, §2.1: the apps send m/s × 1.943844). */
const KNOTS_PER_MPS = 1.943844;

/**
 * Reads an OsmAnd/Traccar request (reference §1). A JSON content type selects the JSON decoder:
 * the transistorsoft object of Traccar Client 9, or an array of flat objects (Traccar SDK's
 * `uploadJson`). Anything else is key/value pairs: the query string, or — only when the query
 * has none — the body as a form, exactly as Traccar's decoder does.
 */
export function decodeOsmand(req: OsmandRequest): OsmandDecoded {
  if ((req.contentType ?? '').toLowerCase().startsWith('application/json')) {
    return { format: 'json', result: decodeJson(req.body, req.now) };
  }
  const query = [...new URLSearchParams(req.query)];
  const pairs = query.length > 0 ? query : [...new URLSearchParams(req.body)];
  return { format: 'key_value', result: decodeFlat([pairs], req.now) };
}

type Pairs = [string, string][];

interface Reading {
  deviceId: string | null;
  lat: number | null;
  lon: number | null;
  time: Date | null;
  speed: number | null;
  bearing: number | null;
  altitude: number | null;
  accuracy: number | null;
  battery: number | null;
  valid: boolean;
}

/** Each request's pairs (one per fix) → one device's fixes; several devices in one request are refused. */
function decodeFlat(requests: Pairs[], now: Date): DecodeResult {
  if (requests.length > MAX_FIXES_PER_REQUEST) return tooMany();
  const ids = new Set<string>();
  const fixes: Fix[] = [];
  for (const pairs of requests) {
    const read = readPairs(pairs);
    if (!read.ok) return read;
    const fix = fixOf(read.value, now);
    if (!fix.ok) return fix;
    if (read.value.deviceId) ids.add(read.value.deviceId);
    if (fix.value) fixes.push(fix.value);
  }
  return withDevice([...ids], fixes);
}

/**
 * Every pair is processed in order, so a repeated key's last value wins (as in Traccar). Empty
 * values count as absent: URL templates (GPSLogger) leave a placeholder empty when the phone has
 * no value for it. Keys Dropline does not store (`hdop`, `charge`, `cell`, `wifi`,
 * `driverUniqueId`, `notificationToken`, custom attributes) are ignored.
 */
function readPairs(pairs: Pairs): DecodeResult<Reading> {
  const r: Reading = {
    deviceId: null,
    lat: null,
    lon: null,
    time: null,
    speed: null,
    bearing: null,
    altitude: null,
    accuracy: null,
    battery: null,
    valid: true,
  };
  for (const [key, raw] of pairs) {
    const value = raw.trim();
    if (value === '') continue;
    switch (key) {
      case 'id':
      case 'deviceid':
        r.deviceId = value;
        break;
      case 'valid':
        r.valid = value.toLowerCase() === 'true' || value === '1';
        break;
      case 'timestamp': {
        r.time = parseOsmandTime(value);
        if (!r.time) return malformed('Invalid timestamp');
        break;
      }
      case 'lat':
      case 'lon': {
        const n = parseDecimal(value);
        if (n === null) return malformed(`Invalid ${key}`);
        r[key] = n;
        break;
      }
      case 'location': {
        const parts = value.split(',');
        const lat = parseDecimal(parts[0] ?? '');
        const lon = parseDecimal(parts[1] ?? '');
        if (parts.length !== 2 || lat === null || lon === null) return malformed('Invalid location: expected lat,lon');
        r.lat = lat;
        r.lon = lon;
        break;
      }
      case 'speed': {
        const knots = measured(parseDecimal(value));
        r.speed = knots === null ? null : knots / KNOTS_PER_MPS;
        break;
      }
      case 'bearing':
      case 'heading':
        r.bearing = measured(parseDecimal(value));
        break;
      case 'altitude':
        r.altitude = parseDecimal(value);
        break;
      case 'accuracy':
        r.accuracy = measured(parseDecimal(value));
        break;
      case 'batt':
        r.battery = measured(parseDecimal(value));
        break;
    }
  }
  return decoded(r);
}

/**
 * A position needs both coordinates; without them the request is a heartbeat or a push-token
 * registration (reference §2.3) and stores no fix. `valid=false` marks a position the device
 * itself does not trust (Traccar keeps it flagged); Dropline has no flag, so it stores none.
 */
function fixOf(r: Reading, now: Date): DecodeResult<Fix | null> {
  if (r.lat === null && r.lon === null) return decoded(null);
  if (r.lat === null || r.lon === null) return malformed('lat and lon must be sent together');
  if (!r.valid) return decoded(null);
  return decoded({
    recordedAt: r.time ?? now,
    lat: r.lat,
    lng: r.lon,
    altitude: r.altitude,
    accuracy: r.accuracy,
    speed: r.speed,
    bearing: r.bearing,
    battery: r.battery,
    activity: null,
  });
}

function decodeJson(body: string, now: Date): DecodeResult {
  if (body.trim() === '') return missingDevice();
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return malformed('Malformed JSON body');
  }
  if (Array.isArray(data)) return decodeFlatObjects(data, now);
  if (!isRecord(data)) return malformed('Expected a JSON object or array');
  if ('location' in data) return decodeTransistorsoft(data, now);
  // A single flat object is the one-element array: accept it rather than 400 a plausible client.
  return decodeFlatObjects([data], now);
}

/** Traccar SDK `uploadJson`: `[{"id":…,"lat":…,"lon":…,"timestamp":…,"speed":<knots>…}]` (reference §2.3). */
function decodeFlatObjects(items: unknown[], now: Date): DecodeResult {
  if (items.length === 0) return missingDevice();
  if (items.length > MAX_FIXES_PER_REQUEST) return tooMany();
  const requests: Pairs[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed('Expected an array of objects');
    requests.push(
      Object.entries(item)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        .map(([k, v]) => [k, String(v)]),
    );
  }
  return decodeFlat(requests, now);
}

/**
 * Traccar Client 9 (transistorsoft background-geolocation, reference §1.3): speed in m/s, heading
 * and speed -1 = unknown, battery level a 0..1 fraction. `location` may also be an array, which is
 * what the plugin sends when batch sync is on. Without `coords` it is a heartbeat.
 */
function decodeTransistorsoft(data: Record<string, unknown>, now: Date): DecodeResult {
  const locations = Array.isArray(data.location) ? data.location : [data.location];
  if (locations.length > MAX_FIXES_PER_REQUEST) return tooMany();
  const fixes: Fix[] = [];
  for (const location of locations) {
    if (location === null || location === undefined) continue;
    if (!isRecord(location)) return malformed('Invalid location');
    const fix = transistorsoftFix(location, now);
    if (!fix.ok) return fix;
    if (fix.value) fixes.push(fix.value);
  }
  const id = data.device_id;
  const deviceId = typeof id === 'string' ? id.trim() : typeof id === 'number' ? String(id) : '';
  return withDevice(deviceId ? [deviceId] : [], fixes);
}

function transistorsoftFix(location: Record<string, unknown>, now: Date): DecodeResult<Fix | null> {
  const coords = location.coords;
  if (coords === null || coords === undefined) return decoded(null);
  if (!isRecord(coords)) return malformed('Invalid location.coords');
  const { latitude, longitude } = coords;
  if ((latitude === null || latitude === undefined) && (longitude === null || longitude === undefined)) return decoded(null);
  if (typeof latitude !== 'number' || typeof longitude !== 'number') {
    return malformed('location.coords.latitude and longitude must be numbers');
  }
  let recordedAt = now;
  const ts = location.timestamp;
  if (ts !== null && ts !== undefined) {
    const parsed = typeof ts === 'string' ? parseIsoTime(ts) : typeof ts === 'number' ? parseOsmandTime(String(ts)) : null;
    if (!parsed) return malformed('Invalid location.timestamp');
    recordedAt = parsed;
  }
  const battery = isRecord(location.battery) ? measured(finite(location.battery.level)) : null;
  const activity = isRecord(location.activity) ? location.activity.type : null;
  return decoded({
    recordedAt,
    lat: latitude,
    lng: longitude,
    altitude: finite(coords.altitude),
    accuracy: measured(finite(coords.accuracy)),
    speed: measured(finite(coords.speed)),
    bearing: measured(finite(coords.heading)),
    // Rounded to 0.01 %: 0.87 × 100 is 87.00000000000001 in binary floating point.
    battery: battery === null ? null : Math.round(battery * 10_000) / 100,
    activity: typeof activity === 'string' && activity !== '' && activity !== 'unknown' ? activity.slice(0, 32) : null,
  });
}

function withDevice(ids: string[], fixes: Fix[]): DecodeResult<Decoded> {
  if (ids.length === 0) return missingDevice();
  if (ids.length > 1) return malformed('One request may carry the fixes of one device only');
  return decoded({ deviceId: ids[0]!, fixes });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const malformed = <T>(message: string) => decodeError<T>('malformed', message);
const missingDevice = () => decodeError('missing_device', 'Missing device id');
const tooMany = () => decodeError('too_many', `At most ${MAX_FIXES_PER_REQUEST} fixes per request`);
