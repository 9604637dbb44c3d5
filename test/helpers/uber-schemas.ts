import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { SHARED_DIR } from './seeds.ts';

type Schema = Record<string, unknown>;

/**
 * Uber's own deliveries OpenAPI (shared/specs, data) as a validator. Where the spec contradicts
 * seed 003 and the reference, the seed wins (PROVENANCE.md) and the spec is corrected here, each
 * correction named: the seed types manifest_items and related_deliveries as arrays (the spec's
 * $ref is to one item) and says `returned` where the spec's enum has `return`.
 */
function loadSchemas(): Record<string, Schema> {
  const spec = parse(readFileSync(join(SHARED_DIR, 'specs', 'uber-direct', 'deliveries-openapi.yaml'), 'utf8')) as {
    components: { schemas: Record<string, Schema> };
  };
  const schemas = structuredClone(spec.components.schemas);
  for (const name of ['GetDeliveryResp', 'CreateDeliveryResp', 'DeliveryResp']) {
    const props = (schemas[name] as { properties: Record<string, Schema> }).properties;
    props.manifest_items = { type: 'array', items: { $ref: '#/components/schemas/ManifestItem' } };
    props.related_deliveries = { type: 'array', items: { $ref: '#/components/schemas/RelatedDelivery' } };
  }
  const rel = (schemas.RelatedDelivery as { properties: { relationship: { enum: string[] } } }).properties.relationship;
  rel.enum = [...rel.enum, 'returned'];
  return schemas;
}

// ajv-formats is CommonJS with a default export; require keeps its types and its value in step.
const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof import('ajv-formats').default;

const schemas = loadSchemas();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// The spec's `format: timestamp`/`datetime` are RFC 3339 strings (reference §2).
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
ajv.addFormat('timestamp', rfc3339);
ajv.addFormat('datetime', rfc3339);
ajv.addSchema({ $id: 'uber', components: { schemas } });

export type UberSchemaName =
  | 'DeliveryQuoteResp'
  | 'CreateDeliveryResp'
  | 'GetDeliveryResp'
  | 'DeliveryResp'
  | 'PODResp'
  | 'Error'
  | '401Error'
  | 'ErrorWithMetadata'
  | 'inline_response_200';

/** Asserts `body` matches the named schema of Uber's deliveries OpenAPI. */
export function expectUberSchema(name: UberSchemaName, body: unknown): void {
  const validate = ajv.getSchema(`uber#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  const ok = validate(body);
  expect(ok ? [] : validate.errors, `${name}: ${JSON.stringify(body).slice(0, 400)}`).toEqual([]);
}
