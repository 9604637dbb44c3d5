import type { FastifyInstance } from 'fastify';

/** Thrown for a body that is not JSON; each dialect renders it as its own validation error. */
export class MalformedJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJsonError';
  }
}

/**
 * Replaces Fastify's JSON parser: an empty body with `Content-Type: application/json` is an empty
 * object (vendors' clients send that on cancel), and malformed JSON becomes a dialect error
 * instead of Fastify's generic 400.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new MalformedJsonError((e as Error).message), undefined);
    }
  });
}
