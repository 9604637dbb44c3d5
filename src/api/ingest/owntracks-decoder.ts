import type { Fix } from '../../core/tracking/fix.ts';
import { type DecodeResult, decoded, decodeError, finite, measured } from './decode-result.ts';

export interface OwnTracksRequest {
  body: string;
  /** The `X-Limit-D` header (reference §3.3). */
  limitDevice: string | undefined;
  /** The `d` query parameter (OwnTracks Recorder's convention). */
  queryDevice: string | undefined;
}

export interface OwnTracksMessage {
  /** Null when neither the request nor the message names a device. */
  deviceId: string | null;
  /** `_type` of the message, null for an empty body. */
  type: string | null;
  fixes: Fix[];
}

/**
 * Reads one OwnTracks HTTP-mode message (reference §3). Only `_type: location` carries a fix; the
 * other types (transition, waypoint(s), lwt, status, card, cmd, steps, beacon, encrypted) and
 * empty bodies (friend deletion) are accepted and store nothing. Dropline cannot decrypt
 * `encrypted` messages: payload encryption must be off (docs/gps-apps.md).
 */
export function decodeOwnTracks(req: OwnTracksRequest): DecodeResult<OwnTracksMessage> {
  const named = nonEmpty(req.limitDevice) ?? nonEmpty(req.queryDevice);
  if (req.body.trim() === '') return decoded({ deviceId: named, type: null, fixes: [] });
  let data: unknown;
  try {
    data = JSON.parse(req.body);
  } catch {
    return decodeError('malformed', 'Malformed JSON body');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return decodeError('malformed', 'Expected one JSON object');
  }
  const message = data as Record<string, unknown>;
  // Dropline's rule (reference §3.3): X-Limit-D, then ?d=, then the message's tid. Never `topic`:
  // Android writes a pseudo-topic there.
  const deviceId = named ?? (typeof message.tid === 'string' ? nonEmpty(message.tid) : null);
  const type = typeof message._type === 'string' ? message._type : null;
  if (type !== 'location') return decoded({ deviceId, type, fixes: [] });
  const fix = locationFix(message);
  return fix.ok ? decoded({ deviceId, type, fixes: [fix.value] }) : fix;
}

/**
 * `acc`, `alt`, `cog` and `vel` are omitted when zero (reference §3.2: absent ≠ unknown), so an
 * absent one is stored as 0. `vel` is km/h; `tst` is the fix time in unix seconds.
 */
function locationFix(m: Record<string, unknown>): DecodeResult<Fix> {
  const lat = finite(m.lat);
  const lon = finite(m.lon);
  if (lat === null || lon === null) return decodeError('malformed', 'A location needs numeric lat and lon');
  const tst = finite(m.tst);
  if (tst === null || tst < 0) return decodeError('malformed', 'A location needs tst (unix seconds)');
  const zeroIfAbsent = (v: unknown) => (v === undefined ? 0 : finite(v));
  const vel = measured(zeroIfAbsent(m.vel));
  return decoded({
    recordedAt: new Date(tst * 1000),
    lat,
    lng: lon,
    altitude: zeroIfAbsent(m.alt),
    accuracy: measured(zeroIfAbsent(m.acc)),
    speed: vel === null ? null : vel / 3.6,
    bearing: measured(zeroIfAbsent(m.cog)),
    battery: measured(finite(m.batt)),
    activity: null,
  });
}

const nonEmpty = (s: string | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);
