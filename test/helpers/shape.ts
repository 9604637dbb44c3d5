/**
 * Compares the shape of `actual` with `expected`: same key sets on objects (recursively) and the
 * same JSON value types. Array elements are compared with the expected element of the same
 * `type` discriminator (timeline events), else with the expected first element. Returns the
 * differences as readable paths; an empty list means "same shape".
 */
export function shapeDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  const ta = jsonType(actual);
  const te = jsonType(expected);
  if (ta !== te) return [`${path}: expected ${te}, got ${ta}`];
  if (te === 'array') {
    const exp = expected as unknown[];
    const act = actual as unknown[];
    if (exp.length === 0) return [];
    // Arrays of primitives are tuples (coordinates, polyline points): compare position by position.
    if (exp.every((e) => e === null || typeof e !== 'object')) {
      if (act.length !== exp.length) return [`${path}: expected ${exp.length} elements, got ${act.length}`];
      return act.flatMap((el, i) => shapeDiff(el, exp[i], `${path}[${i}]`));
    }
    return act.flatMap((el, i) => {
      const match = exp.find((e) => discriminator(e) === discriminator(el)) ?? (discriminator(el) ? undefined : exp[0]);
      if (match === undefined) return [`${path}[${i}]: no element of type ${discriminator(el)} in the expected body`];
      return shapeDiff(el, match, `${path}[${i}${discriminator(el) ? `:${discriminator(el)}` : ''}]`);
    });
  }
  if (te === 'object') {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: unexpected key`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeDiff(a[k], e[k], `${path}.${k}`));
    return out;
  }
  return [];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') {
    // Timestamps must keep the seeds' format: ISO 8601, milliseconds, Z.
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) ? 'timestamp' : 'string';
  }
  return typeof v;
}

const discriminator = (v: unknown): string | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string' ? ((v as { type: string }).type as string) : undefined;
