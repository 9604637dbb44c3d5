import type { Authenticator } from '../../services/accounts/authenticate.ts';
import type { Deps } from '../../services/deps.ts';
import type { WebhookSettings } from '../../services/webhooks/endpoints.ts';
import type { RequestTypedApp } from '../shared/typed-app.ts';

export interface HtContext {
  deps: Deps;
  auth: Authenticator;
  publicUrl: string;
  webhooks: WebhookSettings;
}

export type HtApp = RequestTypedApp;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account; every query a route makes is scoped to it. */
    accountId: string;
  }
}
