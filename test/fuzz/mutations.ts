import fc from 'fast-check';
import type { Target } from './targets.ts';

/** Values PostgreSQL, zod or a handler may trip over. */
const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Incompressible text: a unique index refuses an entry over ~2.7 kB only when TOAST cannot shrink it. */
const noise = (n: number): string => {
  let x = 1;
  return Array.from({ length: n }, () => {
    x = (x * 48_271) % 2_147_483_647;
    return String.fromCharCode(33 + (x % 90));
  }).join('');
};

export const BAD_STRINGS = [
  noise(3000),
  noise(700).replace(/./g, (c) => `${c}€`),
  'a\u0000b',
  '\u0000',
  'lone \ud800 high',
  'lone \udc00 low',
  '',
  ' ',
  'x'.repeat(3000),
  'é'.repeat(1500),
  'x'.repeat(300_000),
  '2024-13-45',
  '2024-02-30T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '275760-09-13T00:00:00Z',
  '1e400',
  '-1',
  '2147483648',
  '99999999999999999999',
  'NaN',
  "'; drop table orders; --",
  '../../etc/passwd',
  '%00',
  '😀🚚',
  'true',
  '{"a":1}',
];

export const BAD_NUMBERS = [2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, -1, 0, 0.5, -0.000001, 1e-320, 3000000000];

const BAD_VALUES: unknown[] = [
  ...BAD_STRINGS,
  ...BAD_NUMBERS,
  null,
  true,
  false,
  [],
  {},
  [null],
  { '\u0000': 1 },
  { 'k\ud800': 'v' },
  deep(40),
  deep(300),
  Array.from({ length: 2000 }, (_, i) => i),
];

/** Raw bodies that are not the JSON the operation expects. */
const RAW_BODIES = [
  '{',
  '{"a":',
  '[]',
  'null',
  '"text"',
  '42',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"\\u0000":1}',
  '['.repeat(5000) + ']'.repeat(5000),
  `{"metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
  '{"a":1e400}',
  '\u0000',
  'a=b&c=%00',
];

export type Mutation =
  | { kind: 'field'; path: string[]; value: unknown }
  | { kind: 'taint'; path: string[]; taint: string | number }
  | { kind: 'delete'; path: string[] }
  | { kind: 'extra'; path: string[]; key: string; value: unknown }
  | { kind: 'param'; name: string; value: string }
  | { kind: 'query'; name: string; value: string }
  | { kind: 'raw'; body: string; contentType: string }
  | { kind: 'auth'; value: string };

/** Every path into a JSON value (objects and arrays), the root included. */
export function pathsOf(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (v && typeof v === 'object' && prefix.length < 8) {
    for (const [k, child] of Object.entries(v as object)) pathsOf(child, [...prefix, k], out);
  }
  return out;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A mutation of `target`'s baseline: one bad value at one place. */
export function mutationOf(target: Target): fc.Arbitrary<Mutation> {
  const value = fc.constantFrom(...BAD_VALUES);
  const text = fc.constantFrom(...BAD_STRINGS);
  const options: { arbitrary: fc.Arbitrary<Mutation>; weight: number }[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<Mutation>) => options.push({ arbitrary, weight });
  const paths = target.body !== undefined && target.encoding !== 'raw' ? pathsOf(target.body) : [];
  if (!target.stream) {
    const leaves = paths.filter((p) => {
      const v = valueAt(target.body, p);
      return typeof v === 'string' || typeof v === 'number';
    });
    if (leaves.length > 0) {
      // The realistic attack: a valid value with one bad character or one digit too many.
      const textTaint = fc.constantFrom<string | number>('\u0000', '\ud800', '\udc00', noise(3000));
      const numberTaint = fc.constantFrom<string | number>(2 ** 31, 2 ** 53 + 2, 1e300, -(2 ** 31) - 1);
      add(
        8,
        fc
          .constantFrom(...leaves)
          .chain((path) =>
            (typeof valueAt(target.body, path) === 'number' ? numberTaint : textTaint).map((taint) => ({ kind: 'taint' as const, path, taint })),
          ),
      );
    }
    if (paths.length > 0) {
      const path = fc.constantFrom(...paths);
      const leaf = fc.constantFrom(...(paths.length > 1 ? paths.slice(1) : paths));
      add(4, fc.record({ kind: fc.constant('field' as const), path, value }));
      add(1, fc.record({ kind: fc.constant('delete' as const), path: leaf }));
      add(1, fc.record({ kind: fc.constant('extra' as const), path, key: fc.constantFrom('__fuzz', 'metadata', 'id', 'a\u0000'), value }));
    }
    const raw = fc.record({
      kind: fc.constant('raw' as const),
      body: fc.constantFrom(...RAW_BODIES),
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    });
    if (target.method !== 'GET') add(2, raw);
    const names = [...Object.keys(target.query), 'fz_unknown', 'limit', 'offset', 'type_index', 'fulfillment_attempt'];
    add(1, fc.record({ kind: fc.constant('query' as const), name: fc.constantFrom(...names), value: text }));
    if (Object.keys(target.query).length > 0) {
      add(2, fc.record({ kind: fc.constant('query' as const), name: fc.constantFrom(...Object.keys(target.query)), value: text }));
      add(
        3,
        fc
          .constantFrom(...Object.entries(target.query))
          .chain(([name, v]) =>
            fc.constantFrom('\u0000', '\ud800', '2147483648').map((taint) => ({ kind: 'query' as const, name, value: tainted(v, taint) as string })),
          ),
      );
    }
    add(
      1,
      fc.record({
        kind: fc.constant('auth' as const),
        value: fc.constantFrom(
          basic('a\u0000b', 'x'),
          basic('x', 'p\ud800'),
          basic('x'.repeat(3000), 'y'),
          'Basic %%%',
          'Bearer \u00e9',
          `Bearer ${'x'.repeat(3000)}`,
        ),
      }),
    );
  }
  const params = Object.keys(target.params);
  if (params.length > 0) {
    // Streams: only what the boundary refuses before any handler runs (a valid stream never ends).
    const paramValue = target.stream ? fc.constantFrom('a\u0000b', '\u0000') : text;
    add(3, fc.record({ kind: fc.constant('param' as const), name: fc.constantFrom(...params), value: paramValue }));
  } else if (target.stream) {
    add(1, fc.record({ kind: fc.constant('query' as const), name: fc.constant('fz'), value: fc.constantFrom('a\u0000b', '\u0000') }));
  }
  return fc.oneof(...options);
}

const valueAt = (root: unknown, path: string[]): unknown => path.reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], root);

/** A string gets the taint inside it; a number becomes the taint when that is a number. */
const tainted = (v: unknown, taint: string | number): unknown =>
  typeof taint === 'number' ? (typeof v === 'number' ? taint : `${v}${taint}`) : typeof v === 'string' ? `${v.slice(0, 3)}${taint}${v.slice(3)}` : taint;

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

function setAt(root: unknown, path: string[], fn: (parent: Record<string, unknown> | unknown[], key: string) => void): unknown {
  if (path.length === 0) return root;
  let node = root as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  fn(node, path[path.length - 1]!);
  return root;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const encodeForm = (body: unknown) =>
  Object.entries((body ?? {}) as Record<string, unknown>)
    .map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
    .join('&');

/** encodeURIComponent, except that a lone surrogate is sent as its three WTF-8 bytes instead of throwing. */
export function encodeLoosely(s: string): string {
  let out = '';
  for (const ch of s) {
    const u = ch.charCodeAt(0);
    if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** The request `mutation` makes of `target`. */
export function toRequest(target: Target, m: Mutation): FuzzRequest {
  const params = { ...target.params };
  const query = { ...target.query };
  const headers = { ...target.headers };
  let body = clone(target.body);
  let payload: string | undefined;
  let contentType = target.encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  switch (m.kind) {
    case 'field':
      body = m.path.length === 0 ? m.value : setAt(body, m.path, (p, k) => ((p as Record<string, unknown>)[k] = m.value));
      break;
    case 'taint':
      body = setAt(body, m.path, (p, k) => ((p as Record<string, unknown>)[k] = tainted((p as Record<string, unknown>)[k], m.taint)));
      break;
    case 'delete':
      body = setAt(body, m.path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete (p as Record<string, unknown>)[k]));
      break;
    case 'extra': {
      let node = body as Record<string, unknown>;
      for (const k of m.path) node = node?.[k] as Record<string, unknown>;
      if (node && typeof node === 'object' && !Array.isArray(node)) node[m.key] = m.value;
      else body = { ...(body as object), [m.key]: m.value };
      break;
    }
    case 'param':
      params[m.name] = m.value;
      break;
    case 'query':
      query[m.name] = m.value;
      break;
    case 'raw':
      payload = m.body;
      contentType = m.contentType;
      break;
    case 'auth':
      headers.authorization = m.value;
      break;
  }
  if (payload === undefined && body !== undefined) payload = target.encoding === 'form' ? encodeForm(body) : JSON.stringify(body);
  const path = target.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeLoosely(params[name] ?? 'fz'));
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`)
    .join('&');
  if (payload !== undefined) headers['content-type'] = contentType;
  return { method: target.method, url: qs ? `${path}?${qs}` : path, headers, payload };
}
