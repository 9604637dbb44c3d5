import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { parseBasicAuth } from './basic-auth.ts';

/**
 * The one input boundary (issue 14): what PostgreSQL cannot store is refused before any handler
 * runs, with a body that names the field, in the dialect of the route. Text columns take neither
 * NUL nor a lone UTF-16 surrogate (PostgreSQL's `text` is UTF-8, and `jsonb` refuses `\u0000`);
 * `integer` columns stop at 2^31−1; a JSON document nested thousands deep overflows the stack of
 * whoever walks it next (zod, JSON.stringify, the jsonb encoder).
 */

/** The largest value of a PostgreSQL `integer` (int4) column. */
export const INT4_MAX = 2_147_483_647;

/** Deeper JSON than any vendor body or metadata needs; deep enough for GeoJSON polygons. */
export const MAX_JSON_DEPTH = 32;

/** Any one string of a body; identifiers have their own, smaller `max` in each schema. */
export const MAX_STRING_LENGTH = 256 * 1024;

/** An integer for an int4 column: the schemas' one integer type, so a new field is bounded too. */
export const int4 = () => z.int32();

/** An int4 query parameter (query values arrive as text). */
export const queryInt4 = () =>
  z.coerce
    .number()
    .int()
    .min(-INT4_MAX - 1)
    .max(INT4_MAX);

/**
 * An identifier a client chooses (a handle, an external id): it lands in a unique index, and
 * PostgreSQL caps a btree entry at about 2.7 kB (an incompressible 3,000-character id is a 500).
 */
export const identifier = () => z.string().min(1).max(255);

/** A calendar date, `YYYY-MM-DD`, that exists: no 2024-13-45, no 2023-02-29. */
export const calendarDate = () => z.string().refine(isCalendarDate, 'Expected an existing date, YYYY-MM-DD');

const ISO_DATE = z.iso.date();
export const isCalendarDate = (s: string): boolean => ISO_DATE.safeParse(s).success;

const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** True when the instant lies in years 0001–9999 UTC: a year 0000 (or one an offset moves there) is no PostgreSQL date text. */
export const isStorableInstant = (ms: number): boolean => ms >= FIRST_INSTANT && ms <= LAST_INSTANT;

/**
 * ISO 8601 with an offset (`Z` or `±hh:mm`), a date that exists, and an instant between the years
 * 0001 and 9999: every timestamp field's type.
 */
export const isoTimestamp = () =>
  z.iso.datetime({ offset: true, local: false }).refine((s) => isStorableInstant(Date.parse(s)), 'Expected a date-time between the years 0001 and 9999');

/** A date-time whose date part exists (`Date` would roll 2024-02-30 over, or give Invalid Date for month 13). */
export const isExistingDateTime = (s: string): boolean => isCalendarDate(s.slice(0, 10)) && isStorableInstant(Date.parse(s.replace(' ', 'T')));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text, or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'Must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'Must not contain a lone UTF-16 surrogate';
  return null;
}

export interface Unstorable {
  /** Dotted path of the field, `_schema` for the document itself. */
  field: string;
  reason: string;
}

/**
 * The first value of a parsed JSON/form document that cannot be stored: a bad string (or key), a
 * string over MAX_STRING_LENGTH, or nesting deeper than MAX_JSON_DEPTH. The recursion stops at
 * that depth, so a deep document cannot overflow the stack here; the path is only built for a find.
 */
export function findUnstorable(doc: unknown, opts: { maxDepth?: number; maxString?: number } = {}): Unstorable | null {
  const limits = { maxDepth: opts.maxDepth ?? MAX_JSON_DEPTH, maxString: opts.maxString ?? MAX_STRING_LENGTH };
  const found = walk(doc, 0, limits);
  return found && { field: found.path.reverse().join('.') || '_schema', reason: found.reason };
}

function walk(value: unknown, depth: number, limits: { maxDepth: number; maxString: number }): { path: string[]; reason: string } | null {
  if (typeof value === 'string') {
    const reason = value.length > limits.maxString ? `Longer than ${limits.maxString} characters` : unstorableText(value);
    return reason ? { path: [], reason } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= limits.maxDepth) return { path: [], reason: `Nested deeper than ${limits.maxDepth} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1, limits);
      if (found) {
        found.path.push(String(i));
        return found;
      }
    }
    return null;
  }
  for (const key in value) {
    const bad = key.length > limits.maxString ? `Key longer than ${limits.maxString} characters` : unstorableText(key);
    if (bad) return { path: [key], reason: `Key: ${bad}` };
    const found = walk((value as Record<string, unknown>)[key], depth + 1, limits);
    if (found) {
      found.path.push(key);
      return found;
    }
  }
  return null;
}

export type InputLocation = 'json' | 'query' | 'path' | 'headers';

/**
 * A refusal at the boundary: `invalid_request` with the location and field, so each dialect's
 * `fromDomainError` renders its own 400/422 body; `statusCode` 400 for the handlers that read
 * only that (Bringg, ingest, the root).
 */
export class InputRefusal extends DomainError {
  readonly statusCode = 400;
  constructor(location: InputLocation, field: string, reason: string) {
    super('invalid_request', `${field}: ${reason}`, { location, field, reason, metadata: { [field]: reason } });
  }
}

function refuseIn(location: InputLocation, doc: unknown, opts?: { maxDepth?: number }): void {
  const bad = findUnstorable(doc, opts);
  if (bad) throw new InputRefusal(location, bad.field, bad.reason);
}

/** Path parameters, query values and Basic-auth credentials: checked before any auth hook reads them. */
export function refuseUnstorableRequestLine(req: FastifyRequest): void {
  refuseIn('path', req.params, { maxDepth: 2 });
  refuseIn('query', req.query, { maxDepth: 3 });
  const creds = req.headers.authorization?.toLowerCase().startsWith('basic ') ? parseBasicAuth(req.headers.authorization) : null;
  if (creds) {
    const reason = unstorableText(creds.user) ?? unstorableText(creds.password);
    if (reason) throw new InputRefusal('headers', 'authorization', reason);
  }
}

/**
 * Installs the boundary on the root instance, before the dialects register (so every encapsulated
 * route inherits it): the request line on `onRequest`, parsed bodies (JSON and forms) on
 * `preValidation`. Raw-text bodies (the GPS apps) are the decoders' business.
 */
export function refuseUnstorableInput(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => refuseUnstorableRequestLine(req));
  app.addHook('preValidation', async (req) => {
    if (req.body !== null && typeof req.body === 'object') refuseIn('json', req.body);
  });
}
