import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './seeds.ts';

export interface SeedField {
  name: string;
  type: string;
  description: string;
}

/**
 * The response tables of an Uber seed page: "¶ Response Body Parameters" is the root type, and
 * "¶ <Parent> - <Type>" (or "¶ Response Body Parameters - <Type>") defines a nested type by
 * name. Rows are `name | type | description |`; request and error tables are left out.
 */
export function seedTypes(file: string): Map<string, SeedField[]> {
  const text = readFileSync(join(SHARED_DIR, 'seeds', file), 'utf8');
  const types = new Map<string, SeedField[]>();
  let current: SeedField[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('¶')) {
      const title = line.slice(1).trim();
      if (title === 'Response Body Parameters') current = [];
      else if (/ - /.test(title) && !title.startsWith('Request')) current = [];
      else current = null;
      if (current) types.set(title === 'Response Body Parameters' ? 'ROOT' : title.split(' - ').at(-1)!, current);
      continue;
    }
    if (!current) continue;
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 3 || !cells[0] || cells[0] === 'Name' || cells[0].startsWith('---')) continue;
    current.push({ name: cells[0], type: cells[1]!, description: cells[2] ?? '' });
  }
  return types;
}
