import type { FastifyReply, FastifyRequest } from 'fastify';
import { failure, RC } from './bringg/errors.ts';
import { httpError } from './hypertrack/errors.ts';
import { sendText } from './ingest/text-replies.ts';
import { uberError } from './uber/errors.ts';
import { webError } from './web/errors.ts';

/**
 * A request no route took: an unknown path, or one the router refused before routing (a path
 * parameter over maxParamLength → 414, an undecodable URL → 400). It is answered in the dialect
 * its path belongs to, as if a route of that dialect had refused it.
 */
export function replyUnrouted(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  const path = req.url.split('?')[0]!;
  if (path.startsWith('/v1/') || path.startsWith('/oauth/v2/')) {
    const out = status === 404 ? uberError('not_found', { param_details: message }) : uberError('invalid_params', { param_details: message });
    return reply.status(status === 404 ? out.status : status).send(out.body);
  }
  if (path.startsWith('/services') || path.startsWith('/oauth/token')) {
    const out = failure(status, message, status === 404 ? RC.unknownService : RC.validation);
    return reply.status(out.status).send(out.body);
  }
  if (path.startsWith('/osmand') || path.startsWith('/owntracks')) return sendText(reply, status, message);
  // The dashboard's API, the driver app's and its proof URLs share one envelope.
  if (path.startsWith('/app/api') || path.startsWith('/driver/api') || path.startsWith('/proofs/')) {
    const out = webError(status, status === 404 ? 'not_found' : 'bad_request', message);
    return reply.status(out.status).send(out.body);
  }
  const out = httpError(status, message);
  return reply.status(out.status).send(out.body);
}

/** Fastify's `frameworkErrors`: the router's own refusals, before any route or hook. */
export function frameworkErrors(err: { statusCode?: number; code?: string; message: string }, req: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long'
      : err.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid (undecodable percent-encoding)'
        : err.message;
  return replyUnrouted(req, reply, status, message);
}
