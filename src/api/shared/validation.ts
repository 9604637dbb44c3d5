import type { FastifyError } from 'fastify';

type Location = 'json' | 'query' | 'path' | 'headers';

const LOCATIONS: Record<string, Location> = { body: 'json', querystring: 'query', params: 'path', headers: 'headers' };

/**
 * Groups a Fastify/zod validation failure into `{location: {field: [messages]}}`, the shape of
 * HyperTrack's ValidationError (marshmallow/webargs style). Fields are dotted paths.
 */
export function validationDetail(err: FastifyError): Record<string, Record<string, string[]>> {
  const location = LOCATIONS[err.validationContext ?? 'body'] ?? 'json';
  const detail: Record<string, Record<string, string[]>> = {};
  for (const v of err.validation ?? []) {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '_schema';
    const bucket = (detail[location] ??= {});
    (bucket[path] ??= []).push(v.message ?? 'Invalid value');
  }
  return detail;
}
