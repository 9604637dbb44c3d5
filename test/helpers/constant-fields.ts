/**
 * The constant-field check (issue 18): record every response of a scenario, per operation, and
 * report each response field whose value never varied although it should. A field is a path of
 * object keys with `[]` for any array element (`data[].pickup.location.lat`); its values are the
 * leaves (strings, numbers, booleans, null) and empty objects/arrays (`{}`, `[]` — an object that is
 * always empty is a constant too). Whether a field is there counts as variation: a key present in
 * some answers whose parent object is there and missing in others varies, and so does an object
 * that is empty in some answers and has fields in others. A field under an optional object is
 * judged among the answers that have that object. Any dialect can use it: record(operation, body)
 * after each call, then `problems(allow)`.
 */
export interface FieldSeen {
  /** Distinct values (JSON) seen at the path. */
  values: Set<string>;
  /** Times the path was met: once per instance of the object holding it (each array element counts). */
  occurrences: number;
}

/**
 * Fields allowed to be constant, each with the reason. A key is `"<operation> <path>"` for one
 * operation or `"* <path>"` for every operation; a path may end in `.*` for everything below it.
 */
export type ConstantAllowList = Record<string, string>;

/** Container paths are recorded under this prefix: only their occurrences matter. */
const CONTAINER = '\u0000';

/** The path of the object or array a field sits in ('' for the body itself). */
function parentOf(path: string): string {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

export class FieldVariety {
  private readonly seen = new Map<string, Map<string, FieldSeen>>();
  private readonly responses = new Map<string, number>();

  record(operation: string, body: unknown): void {
    this.responses.set(operation, (this.responses.get(operation) ?? 0) + 1);
    let fields = this.seen.get(operation);
    if (!fields) this.seen.set(operation, (fields = new Map()));
    const add = (path: string, value: string) => {
      let f = fields.get(path);
      if (!f) fields.set(path, (f = { values: new Set(), occurrences: 0 }));
      f.values.add(value);
      f.occurrences++;
    };
    const walk = (v: unknown, path: string) => {
      if (v && typeof v === 'object') add(`${CONTAINER}${path}`, '');
      if (Array.isArray(v)) {
        if (v.length === 0) add(path, '[]');
        for (const item of v) walk(item, `${path}[]`);
      } else if (v && typeof v === 'object') {
        const entries = Object.entries(v);
        if (entries.length === 0) add(path, '{}');
        for (const [k, child] of entries) walk(child, path ? `${path}.${k}` : k);
      } else {
        add(path, JSON.stringify(v));
      }
    };
    walk(body, '');
  }

  operations(): string[] {
    return [...this.responses.keys()];
  }

  fields(operation: string): Map<string, FieldSeen> {
    return this.seen.get(operation) ?? new Map();
  }

  /**
   * Every field that never varied and is not allowed, as `"<operation> <path> = <value>"`, plus
   * allow-list entries that matched nothing or a field that did vary (a stale reason hides a
   * later regression), and operations recorded fewer than twice (nothing can vary in one answer).
   */
  problems(allow: ConstantAllowList, expectedOperations: string[] = []): string[] {
    const out: string[] = [];
    const used = new Set<string>();
    const allowedBy = (op: string, path: string): string | null => {
      for (const key of [`${op} ${path}`, `* ${path}`]) if (key in allow) return key;
      for (const key of Object.keys(allow)) {
        const [kop, kpath] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
        if ((kop === op || kop === '*') && kpath.endsWith('.*') && path.startsWith(kpath.slice(0, -1))) return key;
      }
      return null;
    };
    for (const op of expectedOperations) if (!this.responses.has(op)) out.push(`${op}: never called by the scenario`);
    for (const [op, n] of this.responses) {
      if (n < 2) out.push(`${op}: recorded ${n} response, nothing can vary`);
      const fields = this.seen.get(op)!;
      for (const [path, f] of fields) {
        if (path.startsWith(CONTAINER)) continue;
        const key = allowedBy(op, path);
        const parent = fields.get(`${CONTAINER}${parentOf(path)}`);
        // Array elements have no presence of their own: an array's length is not a field.
        const presenceVaries = !path.endsWith('[]') && !!parent && f.occurrences < parent.occurrences;
        const emptyOnlySometimes =
          f.values.size === 1 &&
          (f.values.has('{}') || f.values.has('[]')) &&
          [...fields.keys()].some((k) => k.startsWith(`${path}.`) || k.startsWith(`${path}[]`));
        if (f.values.size > 1 || presenceVaries || emptyOnlySometimes) {
          if (key && !key.startsWith('* ') && !key.endsWith('.*'))
            out.push(`${key}: allowed as constant but it varies (${[...f.values].slice(0, 3).join(', ')})`);
          if (key) used.add(key);
          continue;
        }
        if (key) {
          used.add(key);
          continue;
        }
        out.push(`${op} ${path} = ${[...f.values][0]}`);
      }
    }
    for (const key of Object.keys(allow)) if (!used.has(key)) out.push(`${key}: allow-list entry matches no recorded field`);
    return out;
  }
}
