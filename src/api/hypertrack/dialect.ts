import { hypertrackWebhookFormat } from '../../services/webhooks/formats/hypertrack.ts';
import type { Dialect } from '../shared/dialect.ts';
import type { HtApp } from './context.ts';
import { hypertrackPlugin } from './plugin.ts';

/** The native Orders API (HyperTrack-compatible): its routes and its webhook format. */
export const hypertrackDialect: Dialect = {
  name: 'hypertrack',
  realm: 'native',
  webhookFormat: hypertrackWebhookFormat,
  registerRoutes: (app, ctx) => hypertrackPlugin(app as unknown as HtApp, { deps: ctx.deps, auth: ctx.auth, publicUrl: ctx.publicUrl, webhooks: ctx.webhooks }),
};
