import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { $ZodType, output } from 'zod/v4/core';
import type { DriverSession } from '../../services/drivers/driver-sessions.ts';

/** Requests typed from their zod schemas; responses are documentation only (as every dialect's). */
interface RequestTypedProvider extends FastifyTypeProvider {
  validator: this['schema'] extends $ZodType ? output<this['schema']> : unknown;
  serializer: unknown;
}

export type DriverApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, RequestTypedProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in driver (the driver API's session guard sets it). */
    driver: DriverSession;
  }
}
