import { ResponseSerializationError } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { type ZodError, z } from 'zod';

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
 * The path of the first key of `sent` that the schema's output lacks: zod's plain objects strip
 * what they do not list (and /openapi.json renders them `additionalProperties: false`), so a key
 * the parse dropped is one the document does not describe. Open objects (looseObject, record)
 * keep their keys and pass.
 */
export function undocumentedKey(sent: unknown, parsed: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (Array.isArray(sent)) {
    if (!Array.isArray(parsed)) return null;
    for (let i = 0; i < sent.length; i++) {
      const k = undocumentedKey(sent[i], parsed[i], [...path, i]);
      if (k !== null) return k;
    }
    return null;
  }
  if (sent === null || typeof sent !== 'object' || parsed === null || typeof parsed !== 'object') return null;
  const kept = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(sent)) {
    // JSON.stringify drops an undefined value, so it is no key of the body either.
    if (value === undefined) continue;
    if (!Object.hasOwn(kept, key)) return [...path, key];
    const k = undocumentedKey(value, kept[key], [...path, key]);
    if (k !== null) return k;
  }
  return null;
}

/**
 * Every response with a schema for its status is checked against it before it leaves: a body the
 * schema (and so /openapi.json) does not describe — a wrong type, a missing key, or a key no
 * schema lists — is a 500 in the dialect's body, never a silent drift. The bytes sent are the
 * body as the renderer built it (its key order, every field), not zod's output: checking must
 * never reorder, drop or add a field. A status without a schema is serialised as plain JSON;
 * test/api/contract.test.ts fails on such a status.
 */
export const responseSerializer: FastifySerializerCompiler<z.ZodType> = ({ schema, method, url }) => {
  if (!(schema instanceof z.ZodType)) return (data) => JSON.stringify(data);
  return (data) => {
    const r = schema.safeParse(data);
    if (!r.success) throw new ResponseSerializationError(method, url, { cause: r.error });
    const extra = undocumentedKey(data, r.data);
    if (extra !== null) {
      const issue = { code: 'custom' as const, path: extra, message: 'A key the response schema does not list', input: data };
      throw new ResponseSerializationError(method, url, { cause: new z.ZodError([issue]) });
    }
    return JSON.stringify(data);
  };
};
