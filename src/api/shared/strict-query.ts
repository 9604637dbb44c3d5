import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The query a route takes when its dialect validates the query in the handler (after auth)
     * rather than through `schema.querystring`.
     */
    query?: z.ZodObject;
  }
}

const KEYS = new WeakMap<object, ReadonlySet<string>>();

function keysOf(schema: unknown, where: string): ReadonlySet<string> {
  if (!(schema instanceof z.ZodObject)) throw new Error(`${where}: a query schema must be a z.object so its keys are known`);
  let keys = KEYS.get(schema);
  if (!keys) KEYS.set(schema, (keys = new Set(Object.keys(schema.shape))));
  return keys;
}

/** The query keys a route takes: those of its `schema.querystring` or `config.query`; none when it declares neither. */
export function queryKeysOf(route: { url: string; schema?: unknown; config?: unknown }): ReadonlySet<string> {
  const declared = (route.schema as { querystring?: unknown } | undefined)?.querystring ?? (route.config as { query?: unknown } | undefined)?.query;
  return declared === undefined ? new Set() : keysOf(declared, route.url);
}

/**
 * The query keys of this request that its route does not take, in the order sent. Nothing is
 * accepted and ignored (issue 18): each dialect refuses these with its own validation error.
 */
export function unknownQueryKeys(req: FastifyRequest): string[] {
  const query = req.query;
  if (!query || typeof query !== 'object') return [];
  const sent = Object.keys(query);
  if (sent.length === 0) return [];
  const known = queryKeysOf({ url: req.routeOptions.url ?? req.url, schema: req.routeOptions.schema, config: req.routeOptions.config });
  return sent.filter((k) => !known.has(k));
}
