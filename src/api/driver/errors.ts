import { firstInvalid } from '../shared/validation.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { MalformedJsonError } from '../shared/json-body.ts';
import { setRetryAfter } from '../shared/retry-after.ts';

/** The driver API's envelope, the dashboard's shape: `{error: {code, message, details?}}`; the app shows `message`. */
export interface DriverErrorBody {
  status: number;
  body: { error: { code: string; message: string; details?: Record<string, unknown> } };
}

export const driverError = (status: number, code: string, message: string, details?: Record<string, unknown>): DriverErrorBody => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

/** The driver service layer's own refusals (details.rule) and their statuses; other rules answer by their code. */
const RULES: Record<string, number> = {
  proof_missing: 422,
  pin_mismatch: 422,
  reason_notes_required: 400,
  proof_too_large: 413,
  proof_not_image: 415,
  action_id_reused: 409,
};

function fromDomainError(e: DomainError): DriverErrorBody {
  const rule = e.details.rule;
  if (rule && RULES[rule]) return driverError(RULES[rule]!, rule, e.message, rule === 'proof_missing' ? { missing: e.details.missing } : undefined);
  switch (e.code) {
    case 'order_not_found':
    case 'order_task_not_found':
    case 'route_not_found':
    case 'plan_not_found':
    case 'delivery_not_found':
      return driverError(404, 'stop_not_found', 'This stop could not be found');
    case 'worker_not_found':
    case 'worker_deleted':
    case 'device_not_found':
    case 'webhook_not_found':
      return driverError(404, e.code, e.message);
    case 'invalid_request':
    case 'worker_without_device':
    case 'route_tracking':
      return driverError(400, 'invalid_request', e.message);
    case 'invalid_transition':
    case 'route_completed':
    case 'order_locked':
      return driverError(409, 'invalid_transition', e.message);
    case 'duplicate_resource':
    case 'device_taken':
    case 'version_conflict':
      return driverError(409, e.code, e.message);
    case 'store_unavailable':
      return driverError(503, e.code, 'The server cannot reach its database; try again shortly');
    case 'rate_limited':
      return driverError(429, e.code, 'Too many requests; slow down');
  }
}

export function handleDriverError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  let out: DriverErrorBody;
  const domain = asDomainError(err);
  setRetryAfter(reply, domain);
  if (domain) out = fromDomainError(domain);
  else if (err.validation) out = driverError(400, 'invalid_request', firstInvalid(err));
  else if (err instanceof MalformedJsonError) out = driverError(400, 'invalid_request', `Invalid JSON body: ${err.message}`);
  else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    out = driverError(413, 'proof_too_large', 'The file is larger than 2 MB; take the photo again at a lower size');
  else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    out = req.routeOptions.url?.includes('/proofs/')
      ? driverError(415, 'proof_not_image', 'The file is not a JPEG, PNG or WebP image')
      : driverError(415, 'unsupported_media_type', 'Send the body as application/json');
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) out = driverError(err.statusCode, 'bad_request', err.message);
  else {
    req.log.error({ err }, 'unhandled error');
    out = driverError(500, 'internal', 'Internal server error');
  }
  reply.status(out.status).send(out.body);
}
