import { DomainError, isDomainError } from '../core/errors.ts';
import { isUniqueViolation } from '../store/store.ts';

// SQLSTATEs that mean "the server is not there right now", not "your request is wrong":
// class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
// 53300 (too many connections).
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
// What node-postgres and the socket layer say when the connection is gone or never came.
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end',
  'terminating connection',
];

interface StoreErrorShape {
  code?: unknown;
  message?: unknown;
}

/** True for a failure of the store's connection (restart, failover, terminated backend). */
export function isStoreUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as StoreErrorShape;
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (e instanceof AggregateError) return e.errors.some(isStoreUnavailable);
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/**
 * The last line of defence between a store failure and a 500: whatever a dialect's error handler
 * receives goes through here first. A lost connection becomes `store_unavailable` (each dialect's
 * 503); a unique-key race the services did not foresee becomes `duplicate_resource` (409); a value
 * PostgreSQL refused as data (SQLSTATE class 22, or 54001 nesting too deep) becomes
 * `invalid_request`. Input validation at the schema edge should catch the latter first, with the
 * field's name; this keeps an unforeseen one a 4xx instead of a 500. Anything else stays a 500.
 */
export function asDomainError(e: unknown): DomainError | null {
  if (isDomainError(e)) return e;
  if (isStoreUnavailable(e)) return new DomainError('store_unavailable', 'The store is unreachable; retry shortly');
  if (isUniqueViolation(e)) return new DomainError('duplicate_resource', 'A resource with this identifier already exists');
  const { code } = (e ?? {}) as StoreErrorShape;
  if (typeof code === 'string' && (code.startsWith('22') || code === '54001')) {
    return new DomainError('invalid_request', 'A value in the request cannot be stored', { field: '_schema' });
  }
  return null;
}
