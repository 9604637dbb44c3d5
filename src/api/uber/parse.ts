import type { z } from 'zod';
import { invalidParams } from '../../services/uber/uber-refusal.ts';
import { issuesMetadata } from './schemas.ts';

/** Validates a body or query; a failure is Uber's invalid_params naming each field (reference §8). */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (input === null || input === undefined) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidParams({ param_details: 'The body must be a JSON object.' });
  const r = schema.safeParse(input);
  if (!r.success) throw invalidParams(issuesMetadata(r.error));
  return r.data;
}
