import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './seeds.ts';

export interface SeedParam {
  /** Key path in the body; the seed's one `>` row is a nested key. */
  path: string[];
  type: string;
}

/**
 * The "Response (Output) Params" table of a Bringg seed page: rows `name type | description |`.
 * The page wraps some long names with spaces ("preparation_end _time_actual"), so every token but
 * the last is joined back into the name. seedBodies() does not apply: Bringg's page has no JSON.
 */
export function seedOutputParams(file: string): SeedParam[] {
  const text = readFileSync(join(SHARED_DIR, 'seeds', file), 'utf8');
  const table = text.slice(text.indexOf('Response (Output) Params'));
  const params: SeedParam[] = [];
  for (const line of table.split('\n').slice(3)) {
    const cell = line.split('|')[0]?.trim();
    if (!cell) continue;
    const nested = cell.split('>').map((s) => s.trim());
    const tokens = nested.at(-1)!.split(/\s+/);
    if (nested.length > 1) {
      // "external_carrier_tracking_url > string": the description places it "as part of the
      // task_fleet_mapping > shared_extras objects".
      params.push({ path: ['task_fleet_mapping', 'shared_extras', nested[0]!], type: tokens.join(' ') });
      continue;
    }
    // Types are one or more trailing words from this set ("array of objects").
    const typeStart = tokens.findIndex((t, i) => i > 0 && /^(boolean|string|integer|datetime|float|double|array|object|uuid)$/i.test(t));
    params.push({ path: [tokens.slice(0, typeStart).join('')], type: tokens.slice(typeStart).join(' ') });
  }
  return params;
}
