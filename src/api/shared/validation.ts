import type { FastifyError } from 'fastify';

type Location = 'json' | 'query' | 'path' | 'headers';

const LOCATIONS: Record<string, Location> = { body: 'json', querystring: 'query', params: 'path', headers: 'headers' };

/** A JSON pointer (`/orders/0/destination`) as the dotted field name error bodies use (`orders.0.destination`). */
export const dottedPath = (instancePath: string): string => instancePath.replace(/^\//, '').replaceAll('/', '.');

/**
 * The first refusal of a validation failure as one line, `field: message` (the dashboard's and the
 * driver app's 400 bodies): the field, else the part of the request, else "request".
 */
export function firstInvalid(err: FastifyError): string {
  const v = err.validation?.[0];
  const field = (v && dottedPath(v.instancePath)) || err.validationContext || 'request';
  return `${field}: ${v?.message ?? 'invalid value'}`;
}

/**
 * Groups a Fastify/zod validation failure into `{location: {field: [messages]}}`, the shape of
 * HyperTrack's ValidationError (marshmallow/webargs style). Fields are dotted paths.
 */
export function validationDetail(err: FastifyError): Record<string, Record<string, string[]>> {
  const location = LOCATIONS[err.validationContext ?? 'body'] ?? 'json';
  const detail: Record<string, Record<string, string[]>> = {};
  for (const v of err.validation ?? []) {
    const path = dottedPath(v.instancePath) || '_schema';
    const bucket = (detail[location] ??= {});
    (bucket[path] ??= []).push(v.message ?? 'Invalid value');
  }
  return detail;
}
