import { DomainError } from '../../core/errors.ts';
import type { Route } from '../../core/route.ts';
import type { Repos } from '../../store/store.ts';

export async function loadRoute(repos: Repos, accountId: string, routeHandle: string, opts: { forUpdate?: boolean; version?: number } = {}): Promise<Route> {
  const route = await repos.routes.find(accountId, routeHandle, opts);
  if (!route) throw new DomainError('route_not_found', 'Route with this ID does not exist in the system', { routeHandle });
  if (opts.version !== undefined && opts.version !== route.version) {
    throw new DomainError('version_conflict', `Route version is ${route.version}, not ${opts.version}`, {
      routeHandle,
      version: route.version,
    });
  }
  return route;
}
