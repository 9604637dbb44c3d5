import type { Realm, RouteEntry, RouteTable } from '../../src/api/shared/route-table.ts';

/** The routes of one realm, once each: Fastify's HEAD twin of a GET has the GET's hooks and handler. */
export function routesOf(table: RouteTable, realm: Realm): RouteEntry[] {
  const seen = new Set<string>();
  return table.routes.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (r.realm !== realm || r.method === 'HEAD' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The route's URL with each `:param` replaced by `values[param]`, else by `fallback(param)`. */
export const fillPath = (url: string, values: Record<string, string>, fallback: (param: string) => string = (p) => `no-such-${p}`) =>
  url.replace(/:([a-z0-9_]+)/gi, (_m, p: string) => values[p] ?? fallback(p));

export const UNKNOWN_KEY = 'dropline_unknown_key';
