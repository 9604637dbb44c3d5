import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared beside the checkout, as on every developer machine and in CI. */
export const SHARED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

/** The JSON objects printed in a seed page, in order (the success body comes first). */
export function seedBodies(file: string): unknown[] {
  const text = readFileSync(join(SHARED_DIR, 'seeds', file), 'utf8');
  const bodies: unknown[] = [];
  // The example bodies follow the curl line; walk balanced braces and keep what parses.
  let i = text.indexOf("-d '{}'");
  i = i < 0 ? 0 : i + 7;
  while ((i = text.indexOf('{', i)) >= 0) {
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    try {
      bodies.push(JSON.parse(text.slice(i, j + 1)));
    } catch {
      // not JSON (prose with braces); skip it
    }
    i = j + 1;
  }
  return bodies;
}
