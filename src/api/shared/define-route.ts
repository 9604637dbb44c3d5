import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, preValidationAsyncHookHandler } from 'fastify';
import { type z, ZodType } from 'zod';

/** A body that is not JSON (a live stream), documented by media type. */
export interface MediaTypeResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

/** A zod schema per status the route can answer: its success bodies and its dialect's error bodies. */
export type ResponseSchemas = Record<number, z.ZodType | MediaTypeResponse>;

type Output<S> = S extends z.ZodType ? z.output<S> : unknown;
type Input<S> = S extends z.ZodType ? z.input<S> : never;

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  method: HTTPMethods;
  url: string;
  schema: {
    tags: string[];
    summary: string;
    description?: string;
    /** OpenAPI security of the operation; omitted, the document's default (HTTP Basic). */
    security?: Record<string, string[]>[];
    body?: B;
    querystring?: Q;
    params?: P;
    /** Every status the route answers (test/api/contract.test.ts fails on one it does not declare). */
    response: ResponseSchemas;
    /** Kept out of /openapi.json: a fallback that only refuses (Bringg's unknown service), never an operation. */
    hide?: boolean;
  };
  /**
   * What a client sends and gets back, shown in /docs. They are data, not prose: the contract test
   * validates each against the route's schemas, so an example cannot drift either.
   */
  examples?: { body?: Input<B>; response?: Record<number, unknown> };
  /**
   * The dialect's authentication, run before the request is validated (so a stranger learns
   * nothing from a 422) and before the handler. Answers the dialect's 401 itself.
   */
  auth?: preValidationAsyncHookHandler;
  config?: FastifyContextConfig;
  handler: (req: FastifyRequest<{ Body: Output<B>; Querystring: Output<Q>; Params: Output<P> }>, reply: FastifyReply) => Promise<unknown>;
}

const withExample = <S extends z.ZodType>(schema: S, example: unknown): S => (example === undefined ? schema : (schema.meta({ examples: [example] }) as S));

// zod leaves `examples` out of a body's input schema when it holds a transform (examples are
// outputs to zod); @fastify/swagger turns `x-examples` into the media type's named examples.
const withBodyExample = <S extends z.ZodType>(schema: S, example: unknown): S =>
  example === undefined ? schema : (schema.meta({ 'x-examples': { request: { summary: 'A request', value: example } } }) as S);

/**
 * Registers one operation: zod schemas for the request (parsed before the handler; a refusal
 * reaches the dialect's error handler as a RequestValidationError) and for every response
 * (checked by the server's serializer, route-schemas.ts), OpenAPI metadata and examples beside
 * them, so /openapi.json is what the route does. docs/architecture.md "How a route is defined".
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, spec: RouteSpec<B, Q, P>): void {
  const { body, response, ...rest } = spec.schema;
  const examples = spec.examples ?? {};
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.auth ? { preValidation: spec.auth } : {}),
    ...(spec.config ? { config: spec.config } : {}),
    schema: {
      ...rest,
      ...(body ? { body: withBodyExample(body, examples.body) } : {}),
      response: Object.fromEntries(
        Object.entries(response).map(([status, s]) => [status, s instanceof ZodType ? withExample(s, examples.response?.[Number(status)]) : s]),
      ),
    },
    handler: spec.handler as (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}
