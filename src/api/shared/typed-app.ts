import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { $ZodType, output } from 'zod/v4/core';

/**
 * Requests are typed from their zod schemas. Responses are not typed here: the renderers build
 * them, and the server's serializer checks each against its status's schema before sending it
 * (api/shared/route-schemas.ts).
 */
export interface RequestTypedProvider extends FastifyTypeProvider {
  validator: this['schema'] extends $ZodType ? output<this['schema']> : unknown;
  serializer: unknown;
}

/** A Fastify instance whose route handlers see their request typed by RequestTypedProvider. */
export type RequestTypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  RequestTypedProvider
>;
