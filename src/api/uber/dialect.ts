import { RoboCouriers } from '../../services/uber/robo-courier.ts';
import { UberAuthenticator } from '../../services/uber/uber-auth.ts';
import { uberServices } from '../../services/uber/dialect.ts';
import type { Dialect } from '../shared/dialect.ts';
import { uberPlugin } from './plugin.ts';

/** Uber Direct under /v1/customers/{customer_id} (docs/uber-direct.md), with its robo couriers for test deliveries. */
export const uberDialect: Dialect = {
  ...uberServices,
  realm: 'uber',
  registerRoutes: async (app, ctx) => {
    const robo =
      ctx.options.robo ?? new RoboCouriers(ctx.deps, { timeFactor: ctx.options.uberRoboTimeFactor ?? 1, log: ctx.log.child({ component: 'uber-robo' }) });
    app.addHook('onClose', () => robo.close());
    await uberPlugin(app, { deps: ctx.deps, auth: new UberAuthenticator(ctx.deps), publicUrl: ctx.publicUrl, robo });
  },
};
