import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';

// ajv-formats is CommonJS with a default export; require keeps its types and its value in step.
const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof import('ajv-formats').default;

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);

/**
 * The JSON Schema of a response as the OpenAPI document states it (output side: a date is an
 * ISO string, an undefined member is absent). `unrepresentable: 'any'`: a transform's output
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
    },
  }) as Record<string, unknown>;
}

/** A checker for one response schema: null when a body holds to it, else what is wrong. */
export function compileResponseCheck(schema: z.ZodType): (data: unknown) => string | null {
  const validate = ajv.compile(responseJsonSchema(schema));
  return (data) => (validate(data) ? null : ajv.errorsText(validate.errors));
}
