import type { z } from 'zod';
import type { BringgAuthenticator, BringgCaller } from '../../services/bringg/bringg-auth.ts';
import type { Deps } from '../../services/deps.ts';

export interface BringgContext {
  deps: Deps;
  auth: BringgAuthenticator;
  /** Base of share URLs (DROPLINE_PUBLIC_URL), for the task's shared_locations. */
  publicUrl: string;
}

/**
 * One Bringg service: its OAuth name, its secret-URL action code (null where Bringg's is unknown,
 * reference §2), the body schema, the success payload's schema and the handler. The handler
 * returns the success body's payload; plugin.ts registers the service as one route per URL style
 * (define-route.ts), so its schemas and examples are the OpenAPI of both.
 */
export interface BringgService<S extends z.ZodType = z.ZodType> {
  name: string;
  code: string | null;
  summary: string;
  body: S;
  /** The payload's fields, sent beside `success: true` and `rc: 0`. */
  response: z.ZodRawShape;
  /** A request body and the payload it answers, shown in /docs and checked by the contract test. */
  examples?: { body: z.input<S>; response: Record<string, unknown> };
  run(ctx: BringgContext, caller: BringgCaller, input: z.output<S>): Promise<Record<string, unknown>>;
}

export const defineService = <S extends z.ZodType>(s: BringgService<S>): BringgService => s as unknown as BringgService;
