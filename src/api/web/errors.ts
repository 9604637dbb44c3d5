import { firstInvalid } from '../shared/validation.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import { MalformedJsonError } from '../shared/json-body.ts';

/** The dashboard's own small error envelope: `{error: {code, message}}`; the page shows `message`. */
export interface WebErrorBody {
  status: number;
  body: { error: { code: string; message: string } };
}

export const webError = (status: number, code: string, message: string): WebErrorBody => ({
  status,
  body: { error: { code, message } },
});

function fromDomainError(e: DomainError): WebErrorBody {
  switch (e.code) {
    case 'order_not_found':
    case 'route_not_found':
    case 'plan_not_found':
    case 'worker_not_found':
    case 'device_not_found':
    case 'webhook_not_found':
    case 'delivery_not_found':
    case 'order_task_not_found':
    case 'worker_deleted':
      return webError(404, e.code, e.message);
    case 'invalid_request':
    case 'worker_without_device':
    case 'route_tracking':
      return webError(400, e.code, e.message);
    case 'duplicate_resource':
    case 'device_taken':
    case 'invalid_transition':
    case 'route_completed':
    case 'version_conflict':
    case 'order_locked':
      return webError(409, e.code, e.message);
    case 'store_unavailable':
      return webError(503, e.code, e.message);
    case 'rate_limited':
      return webError(429, e.code, 'Too many requests; slow down');
  }
}

export function handleWebError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  let out: WebErrorBody;
  const domain = asDomainError(err);
  setRetryAfter(reply, domain);
  if (domain) out = fromDomainError(domain);
  else if (err.validation) out = webError(400, 'invalid_request', firstInvalid(err));
  else if (err instanceof MalformedJsonError) out = webError(400, 'invalid_request', `Invalid JSON body: ${err.message}`);
  else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) out = webError(err.statusCode, 'bad_request', err.message);
  else {
    req.log.error({ err }, 'unhandled error');
    out = webError(500, 'internal', 'Internal server error');
  }
  reply.status(out.status).send(out.body);
}
