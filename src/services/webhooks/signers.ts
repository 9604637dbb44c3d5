import { createHmac } from 'node:crypto';
import type { WebhookEndpoint, WebhookFormat } from '../../core/webhook.ts';

/** Lowercase hex HMAC-SHA256 of the exact body bytes. */
export const hmacHex = (secret: string, body: string): string => createHmac('sha256', secret).update(body, 'utf8').digest('hex');

type Signer = (endpoint: Pick<WebhookEndpoint, 'secret' | 'authHeaderName'>, body: string) => Record<string, string>;

export const DEFAULT_BRINGG_AUTH_HEADER = 'authorization';

/**
 * The authentication headers of each vendor (docs/webhooks.md "Signatures"):
 * - HyperTrack: `x-hypertrack-signature`; the vendor does not publish the algorithm, Dropline
 *   uses hex HMAC-SHA256 of the raw body (HyperTrack reference §8, inferred).
 * - Uber Direct: hex HMAC-SHA256 of the raw body in `x-uber-signature` and in the legacy
 *   `x-postmates-signature` — both, as the Uber reference §10 says.
 * - Bringg: no body signature exists; the secret is sent as a static header of the merchant's
 *   choosing (Bringg reference §11, "static headers").
 */
export const SIGNERS: Record<WebhookFormat, Signer> = {
  hypertrack: (e, body) => ({ 'x-hypertrack-signature': hmacHex(e.secret, body) }),
  uber: (e, body) => {
    const sig = hmacHex(e.secret, body);
    return { 'x-uber-signature': sig, 'x-postmates-signature': sig };
  },
  bringg: (e) => ({ [(e.authHeaderName ?? DEFAULT_BRINGG_AUTH_HEADER).toLowerCase()]: e.secret }),
};

/** Headers that authenticate `body` for `endpoint`, including the previous secret during a rotation. */
export function authHeaders(endpoint: WebhookEndpoint, body: string, now: Date): Record<string, string> {
  const headers = SIGNERS[endpoint.format](endpoint, body);
  const rotating = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now.getTime();
  // A single-valued vendor header cannot carry two signatures; the previous key signs a second
  // header so a receiver can switch keys at its own pace within the grace period.
  if (rotating && endpoint.format !== 'bringg') headers['x-dropline-previous-signature'] = hmacHex(endpoint.previousSecret!, body);
  return headers;
}
