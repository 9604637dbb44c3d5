import { createHmac } from 'node:crypto';
import type { WebhookEndpoint } from '../../core/webhook.ts';
import type { DialectWebhookFormat } from '../dialects/dialect.ts';

/** Lowercase hex HMAC-SHA256 of the exact body bytes. */
export const hmacHex = (secret: string, body: string): string => createHmac('sha256', secret).update(body, 'utf8').digest('hex');

/**
 * Headers that authenticate `body` for `endpoint` the way its format's vendor does (each
 * dialect's `webhookFormat.sign`, docs/webhooks.md "Signatures"), including the previous secret
 * during a rotation.
 */
export function authHeaders(format: DialectWebhookFormat, endpoint: WebhookEndpoint, body: string, now: Date): Record<string, string> {
  const headers = format.sign(endpoint, body);
  const rotating = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now.getTime();
  // A single-valued vendor header cannot carry two signatures; the previous key signs a second
  // header so a receiver can switch keys at its own pace within the grace period.
  if (rotating && format.signsWithPreviousSecret) headers['x-dropline-previous-signature'] = hmacHex(endpoint.previousSecret!, body);
  return headers;
}
