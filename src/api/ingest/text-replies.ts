import type { FastifyReply, FastifyRequest } from 'fastify';
import { asDomainError } from '../../services/store-failure.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import type { DecodeErrorKind } from './decode-result.ts';

/** The GPS apps only look at the status (reference §2, §3.4); errors carry a short text for humans and logs. */
export const sendText = (reply: FastifyReply, status: number, text: string) => reply.status(status).type('text/plain; charset=utf-8').send(text);

export const DECODE_STATUS: Record<DecodeErrorKind, number> = { missing_device: 400, malformed: 400, too_many: 413 };

/** Fastify's own failures (oversize body, unreadable request) as short texts; never a 500 for client input. */
export function ingestErrorHandler(err: { statusCode?: number; message: string }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const domain = asDomainError(err);
  // The apps keep the fix and retry on any non-2xx; 503 tells an operator's log what happened.
  if (domain?.code === 'store_unavailable' || domain?.code === 'rate_limited') {
    setRetryAfter(reply, domain);
    return sendText(reply, domain.code === 'rate_limited' ? 429 : 503, domain.message);
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) req.log.error({ err }, 'ingest: unhandled error');
  const text = status === 413 ? 'Request body too large' : status === 500 ? 'Internal server error' : err.message;
  return sendText(reply, status, text);
}
