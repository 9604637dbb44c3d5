import { ResponseSerializationError } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { type ZodError, z } from 'zod';
import { compileResponseCheck } from './response-check.ts';

/**
 * A request that its route's zod schema refused. It keeps the ZodError, so each dialect words the
 * refusal in its own body (Uber names fields in `metadata`, Bringg joins the issues in `message`),
 * and `validation` in Fastify's shape (instancePath, message) for the native ValidationError.
 */
export class RequestValidationError extends Error {
  readonly validation: { keyword: string; instancePath: string; message: string }[];
  validationContext?: string;
  constructor(readonly zod: ZodError) {
    super(zod.issues.map((i) => i.message).join('; '));
    this.name = 'RequestValidationError';
    this.validation = zod.issues.map((i) => ({ keyword: i.code, instancePath: `/${i.path.join('/')}`, message: i.message }));
  }
}

/** Every route's body, querystring, params and headers are parsed by its zod schema; the parsed value replaces the raw one. */
export const requestValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const r = schema.safeParse(data);
    return r.success ? { value: r.data } : { error: new RequestValidationError(r.error) };
  };

/**
 * Every response with a schema for its status is checked against it before it leaves: a body the
 * schema (and so /openapi.json) does not describe is a 500 in the dialect's body, never a silent
 * drift. The bytes sent are the body as the renderer built it (its key order, every field), not
 * zod's output: checking must never reorder, drop or add a field. A status without a schema is
 * serialised as plain JSON; test/api/contract.test.ts fails on such a status.
 *
 * The check runs the schema's JSON Schema (what /openapi.json publishes), compiled once per schema
 * on first use, rather than zod's parse: zod builds a copy of every body it checks, which on the hot
 * paths cost more CPU than writing the body out (a task document: ~30 µs against ~3 µs).
 */
export const responseSerializer: FastifySerializerCompiler<z.ZodType> = ({ schema, method, url }) => {
  if (!(schema instanceof z.ZodType)) return (data) => JSON.stringify(data);
  const check = compileResponseCheck(schema);
  return (data) => {
    const problems = check(data);
    if (problems) throw new ResponseSerializationError(method, url, { cause: new z.ZodError([{ code: 'custom', message: problems, path: [], input: data }]) });
    return JSON.stringify(data);
  };
};
