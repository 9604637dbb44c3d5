import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Account } from '../../core/account.ts';

/**
 * The one way Dropline signs what it hands out statelessly (dashboard sessions, secure embed
 * links): an HMAC keyed by the account's stored secret hash and a purpose, so every process sharing
 * the database verifies it, a purpose's MAC never passes for another's, and rotating the account's
 * secret revokes them all.
 */
export const accountMac = (account: Account, purpose: string, data: string): string =>
  createHmac('sha256', `dropline-web:${purpose}:${account.secretHash}`).update(data).digest('base64url');

/** Constant-time comparison of two MACs. */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
