import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdSource } from '../core/ports.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base-62 characters; rejection sampling keeps every character uniform. */
function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export const cryptoIds: IdSource = {
  uuid: () => randomUUID(),
  // 12 base-62 characters = 71 bits.
  shareCode: () => base62(12),
  // 32 base-62 characters = 190 bits.
  secret: () => base62(32),
};

export const systemClock: Clock = { now: () => new Date() };
