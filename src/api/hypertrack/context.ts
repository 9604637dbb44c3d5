import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { FastifyTypeProvider } from 'fastify';
import type { $ZodType, output } from 'zod/v4/core';
import type { Authenticator } from '../../services/accounts/authenticate.ts';
import type { Deps } from '../../services/deps.ts';
import type { WebhookSettings } from '../../services/webhooks/endpoints.ts';

export interface HtContext {
  deps: Deps;
  auth: Authenticator;
  publicUrl: string;
  webhooks: WebhookSettings;
}

/**
 * Requests are typed from their zod schemas. Responses are not typed here: the renderers build
 * them, and the server's serializer checks each against its status's schema before sending it
 * (api/shared/route-schemas.ts).
 */
export interface RequestTypedProvider extends FastifyTypeProvider {
  validator: this['schema'] extends $ZodType ? output<this['schema']> : unknown;
  serializer: unknown;
}

export type HtApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, RequestTypedProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account; every query a route makes is scoped to it. */
    accountId: string;
  }
}
