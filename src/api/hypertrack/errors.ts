import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { MalformedJsonError } from '../shared/json-body.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import { validationDetail } from '../shared/validation.ts';

/**
 * HyperTrack's three error bodies (reference §9): HTTPError `{detail:{}, message}` for 401 and
 * unknown paths; ValidationError `{detail:{<location>:{<field>:[…]}}, message}` for 422; and
 * Error `{code, title, detail}` for the coded failures, with titles and details as the vendor's
 * OpenAPI examples word them.
 */
export interface HtErrorBody {
  status: number;
  body: Record<string, unknown>;
}

export const httpError = (status: number, message: string): HtErrorBody => ({ status, body: { detail: {}, message } });

export const validationError = (detail: Record<string, Record<string, string[]>>): HtErrorBody => ({
  status: 422,
  body: { detail, message: 'Validation error' },
});

const coded = (status: number, code: string, title: string, detail: unknown): HtErrorBody => ({
  status,
  body: { code, title, detail },
});

export function fromDomainError(e: DomainError): HtErrorBody {
  const d = e.details;
  switch (e.code) {
    case 'order_not_found':
      return coded(404, 'order_not_found', 'Order Not Found', e.message);
    // The OpenAPI's example for PATCH/DELETE /orders/{h}/tasks/{id}.
    case 'order_task_not_found':
      return coded(404, 'order_task_not_found', 'Order Task Not Found', { description: e.message });
    case 'route_not_found':
      return coded(404, 'route_not_found', 'Route does not exist', e.message);
    // Dropline extension (plan runs are ours): the coded Error body of the other not-founds.
    case 'plan_not_found':
      return coded(404, 'plan_not_found', 'Plan Not Found', e.message);
    case 'worker_not_found':
      return coded(404, 'driver_not_found', 'Worker Not Found', { description: e.message });
    case 'worker_deleted':
      return coded(404, 'driver_deleted', 'Worker is in deleted state for given handle', e.message);
    case 'device_not_found':
      return coded(404, 'device_not_found', 'Device could not be found', null);
    case 'worker_without_device':
      return coded(400, 'driver_not_linked_to_device', 'Worker needs to be linked to a device first', {
        description: e.message,
      });
    case 'duplicate_resource':
      return coded(409, 'duplicate_resource', (d.title as string) ?? 'Duplicate resource', e.message);
    case 'device_taken':
      return coded(409, 'duplicate_resource', 'Device is already linked to another worker', e.message);
    case 'invalid_transition':
      return coded(409, 'validation_error', `Order is ${d.status}`, e.message);
    case 'route_completed':
      return coded(409, 'validation_error', 'Route already completed', e.message);
    case 'route_tracking':
      return coded(400, 'validation_error', 'Route already tracking', e.message);
    case 'version_conflict':
      return coded(409, 'validation_error', 'Route version mismatch', e.message);
    // Dropline extension (HyperTrack has no lock): the Error body of the other 409s.
    case 'order_locked':
      return coded(409, 'order_locked', 'Order is locked', e.message);
    case 'webhook_not_found':
      return coded(404, 'webhook_not_found', 'Webhook Not Found', e.message);
    case 'delivery_not_found':
      return coded(404, 'delivery_not_found', 'Delivery Not Found', e.message);
    // Dropline extensions (HyperTrack documents neither): the coded Error body, docs/operations.md.
    case 'store_unavailable':
      return coded(503, 'service_unavailable', 'Service Unavailable', e.message);
    case 'rate_limited':
      return coded(429, 'rate_limited', 'Too Many Requests', e.message);
    case 'invalid_request':
      return validationError({
        [(d.location as string) ?? 'json']: { [(d.field as string) ?? '_schema']: [(d.reason as string) ?? e.message] },
      });
  }
}

/** The dialect's error handler: every failure leaves as one of the bodies above, never a bare 500. */
export function handleHtError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  let out: HtErrorBody;
  const domain = asDomainError(err);
  if (domain) out = fromDomainError(domain);
  else if (err.validation) out = validationError(validationDetail(err));
  else if (err instanceof MalformedJsonError) out = validationError({ json: { _schema: [`Invalid JSON body: ${err.message}`] } });
  else if (err.statusCode === 415) out = validationError({ headers: { 'content-type': ['Send the body as application/json'] } });
  else if (err.statusCode === 413) out = httpError(413, 'Request body too large');
  else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) out = httpError(err.statusCode, err.message);
  else {
    req.log.error({ err }, 'unhandled error');
    out = httpError(500, 'Internal server error');
  }
  setRetryAfter(reply, domain);
  return reply.status(out.status).send(out.body);
}
