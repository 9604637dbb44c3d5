import { BringgAuthenticator } from '../../services/bringg/bringg-auth.ts';
import { bringgServices } from '../../services/bringg/dialect.ts';
import type { Dialect } from '../shared/dialect.ts';
import { bringgPlugin } from './plugin.ts';

/** Bringg Services under /services (docs/bringg.md). */
export const bringgDialect: Dialect = {
  ...bringgServices,
  realm: 'bringg',
  registerRoutes: (app, ctx) => bringgPlugin(app, { deps: ctx.deps, auth: new BringgAuthenticator(ctx.deps), publicUrl: ctx.publicUrl }),
};
