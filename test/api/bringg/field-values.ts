/**
 * The constant-field check's walker (issue 18): every value seen at every field path of many
 * response bodies, so a test can find the fields whose value never varied across a scenario.
 * Dialect-neutral: the caller names each body's root (`task`, `delivery`, …) so that the same
 * object answered by different operations is pooled under one path.
 *
 * Paths: `task.way_points[].eta`. A leaf records its JSON text; an object records `{…}` (and its
 * keys are walked), an array records `[]` when empty and `[…]` otherwise (its items are walked
 * under `[]`), so "always null", "always []" and "always the same number" all show as constants,
 * while "sometimes null, sometimes an object" does not.
 */
export class FieldValues {
  private readonly seen = new Map<string, Set<string>>();

  add(root: string, value: unknown): void {
    this.walk(root, value);
  }

  private note(path: string, v: string): void {
    let set = this.seen.get(path);
    if (!set) this.seen.set(path, (set = new Set()));
    set.add(v);
  }

  private walk(path: string, value: unknown): void {
    if (Array.isArray(value)) {
      this.note(path, value.length === 0 ? '[]' : '[…]');
      for (const item of value) this.walk(`${path}[]`, item);
    } else if (value !== null && typeof value === 'object') {
      this.note(path, '{…}');
      for (const [k, v] of Object.entries(value)) this.walk(`${path}.${k}`, v);
    } else {
      this.note(path, JSON.stringify(value) ?? 'undefined');
    }
  }

  /** Every path seen, with its distinct values. */
  paths(): Map<string, ReadonlySet<string>> {
    return new Map(this.seen);
  }

  /**
   * Fields that never varied and are not allowed to be constant, and allow-list entries that are
   * stale (the field varied, or was never seen). Both lists are what a test should see empty.
   */
  check(allowed: Readonly<Record<string, string>>): { constant: string[]; stale: string[] } {
    const constant = [...this.seen].filter(([path, values]) => isConstant(values) && !(path in allowed)).map(([path, values]) => `${path} = ${[...values][0]}`);
    const stale = Object.keys(allowed).filter((path) => !isConstant(this.seen.get(path)));
    return { constant, stale };
  }
}

/** One value only; an object or a non-empty array that is always there is structure, its leaves are checked. */
const isConstant = (values: ReadonlySet<string> | undefined): boolean => values?.size === 1 && !values.has('{…}') && !values.has('[…]');
