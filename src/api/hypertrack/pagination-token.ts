import { DomainError } from '../../core/errors.ts';

/**
 * Opaque cursors: base64url JSON of the last row's sort key. Clients only echo them back, so a
 * token that does not decode is a validation error on `pagination_token`.
 */
export const encodeToken = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeToken<T>(token: string, isValid: (v: unknown) => v is T): T {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isValid(v)) return v;
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_request', 'Not a pagination_token issued by this server', {
    location: 'query',
    field: 'pagination_token',
  });
}
