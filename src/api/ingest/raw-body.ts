import type { FastifyInstance } from 'fastify';

/**
 * Inside an ingest plugin only: every body arrives as raw text, whatever its content type (the
 * apps label form and JSON bodies loosely, and the decoders pick the format themselves). The
 * parsers are encapsulated, so the API dialects keep their own JSON parser.
 */
export function acceptRawBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain', '*']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
  }
}

/** The raw body the parsers above produced ('' for none, e.g. on GET or an empty POST). */
export const rawBody = (body: unknown): string => (typeof body === 'string' ? body : '');

/** The raw query string of a request URL, without the `?`. */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}
