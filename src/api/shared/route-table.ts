import type { FastifyInstance } from 'fastify';
import { queryKeysOf } from './strict-query.ts';

/** Who answers a route: which credentials it takes and which error bodies it speaks. */
export type Realm = 'native' | 'uber' | 'bringg' | 'web' | 'driver' | 'ingest' | 'admin' | 'server';

export interface RouteEntry {
  method: string;
  url: string;
  realm: Realm;
  /** The query keys the route takes (strict-query.ts); every other key is refused. */
  query: string[];
}

const REALM = Symbol('dropline.realm');
type Tagged = FastifyInstance & { [REALM]?: Realm };

/**
 * Marks the routes registered in `scope` and the scopes below it as `realm`'s. A child scope is
 * created from its parent's prototype, so the tag is inherited unless a child sets its own.
 */
export function inRealm(scope: FastifyInstance, realm: Realm): void {
  (scope as Tagged)[REALM] = realm;
}

/**
 * Every route the server registers, with its realm, so a test can hold each one to the auth rules
 * of its dialect and fail on a route nobody thought about.
 */
export class RouteTable {
  readonly routes: RouteEntry[] = [];

  /** Call on the root instance before any route is registered. */
  attach(app: FastifyInstance): void {
    const routes = this.routes;
    app.addHook('onRoute', function (this: FastifyInstance, route) {
      const realm = (this as Tagged)[REALM] ?? 'server';
      const query = [...queryKeysOf(route)];
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, realm, query });
    });
  }
}
