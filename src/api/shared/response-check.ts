import { createRequire } from 'node:module';
import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';

// ajv-formats is CommonJS with a default export; require keeps its types and its value in step.
const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof import('ajv-formats').default;

/** An ajv for the JSON Schema /openapi.json publishes (draft 2020-12, with its string formats). */
export function openApiAjv(opts: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, ...opts });
  addFormats(ajv);
  return ajv;
}

const ajv = openApiAjv();

/**
 * The JSON Schema of a response as the OpenAPI document states it (output side: a date is an
 * ISO string). `unrepresentable: 'any'`: a transform's output
 * cannot be stated and is taken as it comes, as the document does.
 */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    override: (ctx) => {
      const def = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      // An empty tuple (a list the vendor always sends empty): draft 2020-12 wants prefixItems non-empty.
      const js = ctx.jsonSchema as { prefixItems?: unknown[]; items?: unknown; maxItems?: number };
      if (Array.isArray(js.prefixItems) && js.prefixItems.length === 0) {
        delete js.prefixItems;
        js.maxItems = 0;
      }
    },
  }) as Record<string, unknown>;
}

/** Compiled checks by schema: route schemas are module constants, shared by every server this process starts. */
const compiled = new WeakMap<z.ZodType, ValidateFunction>();

/**
 * A checker for one response schema: null when a body holds to it, else what is wrong. Compiled
 * on the first body it checks, not when the route is registered: ajv's compile is code generation,
 * and a server start compiling every route's schemas up front took seconds.
 */
export function compileResponseCheck(schema: z.ZodType): (data: unknown) => string | null {
  return (data) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(responseJsonSchema(schema));
      compiled.set(schema, validate);
    }
    if (validate(data)) return null;
    return ajv.errorsText(validate.errors);
  };
}
