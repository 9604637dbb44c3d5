import type { DomainError } from '../../core/errors.ts';

/**
 * Dropline's `rc` numbers (Bringg publishes none; reference §4 — the one table, docs/bringg.md).
 */
export const RC = {
  ok: 0,
  validation: 1,
  notFound: 2,
  duplicateExternalId: 3,
  locked: 4,
  terminal: 5,
  auth: 6,
  conflict: 7,
  unknownService: 8,
  internal: 9,
  unavailable: 10,
  rateLimited: 11,
} as const;

export interface BringgReply {
  status: number;
  body: { success: false; message: string; rc: number };
}

export const failure = (status: number, message: string, rc: number): BringgReply => ({ status, body: { success: false, message, rc } });

/**
 * Business failures answer HTTP 200 with `success:false` (reference §4); the messages are Bringg's
 * verbatim where it documents one. update_task's "Task not found" is, oddly, a 401 (VERIFIED).
 */
export function fromDomainError(e: DomainError, service: string): BringgReply {
  const d = e.details;
  switch (e.code) {
    case 'order_locked':
      return failure(200, d.action === 'cancel' ? "Can't cancel a locked order." : "Can't update a locked order", RC.locked);
    case 'order_not_found':
      return failure(service === 'update_task' && d.entity === 'task' ? 401 : 200, e.message, RC.notFound);
    case 'worker_not_found':
    case 'worker_deleted':
      return failure(200, 'Driver was not found based on user_external_id or user_id', RC.notFound);
    case 'duplicate_resource':
      return failure(200, e.message, d.entity === 'task' ? RC.duplicateExternalId : RC.conflict);
    case 'invalid_transition':
      return d.refusal === 'terminal' ? failure(200, "Can't update a done order", RC.terminal) : failure(200, e.message, RC.conflict);
    case 'invalid_request':
      return d.refusal === 'wrong_id' ? failure(200, 'Wrong ID', RC.validation) : failure(400, e.message, RC.validation);
    case 'route_not_found':
    case 'plan_not_found':
    case 'device_not_found':
      return failure(200, e.message, RC.notFound);
    case 'device_taken':
    case 'worker_without_device':
    case 'route_completed':
    case 'route_tracking':
    case 'version_conflict':
      return failure(200, e.message, RC.conflict);
    // Webhook management and order tasks are not Bringg services; these cannot come from one.
    case 'webhook_not_found':
    case 'delivery_not_found':
    case 'order_task_not_found':
      return failure(200, e.message, RC.notFound);
    // Not business failures: real HTTP statuses, so a client's retry logic sees them (reference §4).
    case 'store_unavailable':
      return failure(503, 'Service unavailable, retry shortly', RC.unavailable);
    case 'rate_limited':
      return failure(429, 'Too many requests', RC.rateLimited);
  }
}
