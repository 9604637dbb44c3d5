import { describe, expect, it } from 'vitest';
import type { WebhookEndpoint, WebhookFormat } from '../../src/core/webhook.ts';
import { DIALECTS } from '../../src/dialects.ts';
import { webhookFormatOf } from '../../src/services/dialects/dialect.ts';
import { retryDelayMs, settle, verdictFor } from '../../src/services/webhooks/retry-policy.ts';
import { authHeaders, hmacHex } from '../../src/services/webhooks/signers.ts';
import { isPrivateAddress, webhookUrlProblem } from '../../src/services/webhooks/url-safety.ts';
import { expectedSignature } from '../helpers/webhooks.ts';

const endpoint = (over: Partial<WebhookEndpoint>): WebhookEndpoint => ({
  id: 'e',
  accountId: 'a',
  url: 'https://example.test',
  format: 'hypertrack',
  events: null,
  secret: 'whsec_current',
  previousSecret: null,
  previousSecretExpiresAt: null,
  authHeaderName: null,
  description: null,
  enabled: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

/** The format as the registered dialects define it. */
const formatOf = (format: WebhookFormat) => {
  const f = webhookFormatOf(DIALECTS, format);
  if (!f) throw new Error(`no dialect registers the ${format} format`);
  return f;
};
const SIGNERS = { hypertrack: formatOf('hypertrack').sign, uber: formatOf('uber').sign, bringg: formatOf('bringg').sign };

describe('signers', () => {
  const body = '[{"type":"order","data":{"value":"cancelled"}}]';

  it('HyperTrack: x-hypertrack-signature = hex HMAC-SHA256(secret, raw body)', () => {
    expect(SIGNERS.hypertrack(endpoint({}), body)).toEqual({ 'x-hypertrack-signature': expectedSignature('whsec_current', body) });
    // A known vector, so the algorithm cannot drift silently.
    expect(hmacHex('key', 'The quick brown fox jumps over the lazy dog')).toBe('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });

  it('Uber Direct: the same lowercase hex HMAC in x-uber-signature and x-postmates-signature', () => {
    const sig = expectedSignature('uber-key', body);
    expect(SIGNERS.uber(endpoint({ format: 'uber', secret: 'uber-key' }), body)).toEqual({
      'x-uber-signature': sig,
      'x-postmates-signature': sig,
    });
  });

  it('Bringg: the secret as a static header of the merchant’s choosing (default Authorization)', () => {
    expect(SIGNERS.bringg(endpoint({ format: 'bringg', secret: 'Bearer abc' }), body)).toEqual({ authorization: 'Bearer abc' });
    expect(SIGNERS.bringg(endpoint({ format: 'bringg', secret: 'k', authHeaderName: 'Application-Key' }), body)).toEqual({
      'application-key': 'k',
    });
  });

  it('adds the previous secret’s signature only during the grace period', () => {
    const rotating = endpoint({ previousSecret: 'old', previousSecretExpiresAt: new Date(1000) });
    expect(authHeaders(formatOf('hypertrack'), rotating, body, new Date(999))['x-dropline-previous-signature']).toBe(expectedSignature('old', body));
    expect(authHeaders(formatOf('hypertrack'), rotating, body, new Date(1000))).not.toHaveProperty('x-dropline-previous-signature');
  });

  it('Bringg’s static header cannot carry a second secret: no previous signature during a rotation', () => {
    const rotating = endpoint({ format: 'bringg', secret: 'k', previousSecret: 'old', previousSecretExpiresAt: new Date(1000) });
    expect(authHeaders(formatOf('bringg'), rotating, body, new Date(999))).toEqual({ authorization: 'k' });
  });
});

describe('retry rules per vendor', () => {
  it.each([
    ['hypertrack', 200, 'delivered'],
    ['hypertrack', 404, 'rejected'],
    ['hypertrack', 429, 'retry'],
    ['hypertrack', 500, 'retry'],
    ['hypertrack', 302, 'retry'],
    ['hypertrack', null, 'retry'],
    ['uber', 400, 'retry'],
    ['uber', 204, 'delivered'],
    ['bringg', 503, 'retry'],
    ['bringg', 501, 'rejected'],
    ['bringg', 400, 'rejected'],
    ['bringg', null, 'retry'],
  ] as const)('%s answered %s → %s', (format, status, verdict) => {
    expect(verdictFor(formatOf(format), status)).toBe(verdict);
  });

  it('backs off exponentially with jitter between half and all of the step, capped at 1 h', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(1, () => 0)).toBe(5_000);
    expect(retryDelayMs(30, () => 1)).toBe(3600_000);
  });

  it('never schedules past the horizon and dead-letters at it', () => {
    const from = new Date(0);
    const failed = { status: 500, error: 'HTTP 500' };
    const nearEnd = settle(formatOf('hypertrack'), failed, { attempts: 20, retryFrom: from }, new Date(86_399_000), 86_400_000, () => 1);
    expect(nearEnd).toMatchObject({ state: 'pending', nextAttemptAt: new Date(86_400_000) });
    expect(settle(formatOf('hypertrack'), failed, { attempts: 21, retryFrom: from }, new Date(86_400_000), 86_400_000, () => 1).state).toBe('dead');
  });
});

describe('private address rule', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['100.64.1.1', true],
    ['169.254.169.254', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['2606:4700:4700::1111', false],
  ])('%s private = %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it('is lifted by the flag', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:1/x', true)).toBeNull();
    expect(await webhookUrlProblem('http://127.0.0.1:1/x', false)).toMatch(/private/);
  });
});
