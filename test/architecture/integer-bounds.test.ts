import { describe, expect, it } from 'vitest';
import { INT4_MAX } from '../../src/api/shared/storable.ts';
import { startTestApi } from '../helpers/api.ts';

type Schema = Record<string, unknown>;

/** Paths (operation + JSON pointer) of every integer schema in `s` without a maximum at most INT4_MAX. */
function unbounded(s: unknown, at: string, out: string[]): string[] {
  if (!s || typeof s !== 'object') return out;
  const schema = s as Schema;
  const types = ([] as unknown[]).concat(schema.type ?? []);
  // An int64 is a bigint column's id (Bringg's task and way point ids): bounded by JavaScript's safe integers.
  const max = schema.format === 'int64' ? Number.MAX_SAFE_INTEGER : INT4_MAX;
  if (types.includes('integer') && !(typeof schema.maximum === 'number' && schema.maximum <= max)) out.push(at);
  for (const [k, v] of Object.entries(schema)) if (v && typeof v === 'object') unbounded(v, `${at}/${k}`, out);
  return out;
}

// Every integer a request carries lands in an int4 column or is compared with one: the schemas'
// integer type is int4() (src/api/shared/storable.ts), so a new field cannot reach PostgreSQL unbounded.
describe('request integers are bounded to int4', () => {
  it('every integer parameter and body field of /openapi.json has a maximum ≤ 2^31−1', async () => {
    const t = await startTestApi('pglite');
    try {
      const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Schema>> };
      const bad: string[] = [];
      for (const [path, ops] of Object.entries(openapi.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          unbounded(op.parameters, `${method.toUpperCase()} ${path} parameters`, bad);
          unbounded(op.requestBody, `${method.toUpperCase()} ${path} body`, bad);
        }
      }
      expect(bad).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
