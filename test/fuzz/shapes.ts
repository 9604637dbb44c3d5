/** Which error vocabulary a URL answers in (docs/native-api.md, uber-direct.md, bringg.md, gps-apps.md, web.md). */
export type Dialect = 'hypertrack' | 'uber' | 'bringg' | 'ingest' | 'web' | 'public' | 'oauth';

export function dialectOf(url: string): Dialect {
  const path = url.split('?')[0]!;
  if (path === '/oauth/v2/token' || path === '/oauth/token') return 'oauth';
  if (path.startsWith('/t/')) return 'public';
  if (path.startsWith('/v1/') || path === '/oauth/v2/token') return 'uber';
  if (path.startsWith('/services') || path === '/oauth/token') return 'bringg';
  if (path.startsWith('/osmand') || path.startsWith('/owntracks')) return 'ingest';
  if (path.startsWith('/app/api') || path.startsWith('/driver/api') || path.startsWith('/proofs/')) return 'web';
  return 'hypertrack';
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Null when `body` (already parsed for JSON dialects) is the dialect's error shape, else what is
 * wrong with it. HyperTrack has three bodies: HTTPError, ValidationError and the coded Error.
 */
export function errorShapeProblem(dialect: Dialect, contentType: string | undefined, text: string): string | null {
  // The share page answers browsers with its HTML page (a "link not found" page included).
  if (dialect === 'public' && /^text\/html/.test(contentType ?? '')) return null;
  if (dialect === 'ingest') return /^text\/plain/.test(contentType ?? '') && text.length > 0 ? null : `not a short text: ${contentType}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  if (!isObject(body)) return 'not a JSON object';
  switch (dialect) {
    case 'hypertrack': {
      const httpError = isObject(body.detail) && isString(body.message);
      const validation =
        httpError &&
        body.message === 'Validation error' &&
        Object.values(body.detail as object).every((loc) => isObject(loc) && Object.values(loc).every((m) => Array.isArray(m) && m.every(isString)));
      const coded = isString(body.code) && isString(body.title) && 'detail' in body;
      if (body.message === 'Validation error' && !validation) return 'a ValidationError whose detail is not {location:{field:[messages]}}';
      return httpError || coded ? null : 'neither HTTPError, ValidationError nor Error';
    }
    case 'uber':
      if (!isString(body.code) || !isString(body.message)) return 'no code/message';
      if (body.code === 'invalid_params' && !isObject(body.metadata)) return 'invalid_params without metadata';
      return body.code === 'unauthorized' || body.kind === 'error' ? null : 'no kind:"error"';
    case 'bringg':
      return body.success === false && isString(body.message) && typeof body.rc === 'number' ? null : 'not {success:false, message, rc}';
    // RFC 6749 §5.2 for a refused grant; the dialect's own body for a refused request line.
    case 'oauth':
      if (isString(body.error) && (body.error_description === undefined || isString(body.error_description))) return null;
      return (isString(body.code) && isString(body.message)) || (body.success === false && isString(body.message))
        ? null
        : 'neither an OAuth error nor the dialect body';
    case 'public':
      return isString(body.message) ? null : 'no message';
    case 'web':
      return isObject(body.error) && isString(body.error.code) && isString(body.error.message) ? null : 'not {error:{code,message}}';
  }
}
