import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Authenticator } from '../../services/accounts/authenticate.ts';
import type { Deps } from '../../services/deps.ts';
import type { DialectServices } from '../../services/dialects/dialect.ts';
import type { WebhookSettings } from '../../services/webhooks/endpoints.ts';
import type { ServerOptions } from '../server.ts';
import type { Realm } from './route-table.ts';

/** What the server hands every dialect when it registers its routes. */
export interface DialectRouteContext {
  deps: Deps;
  /** The native account authenticator (HTTP Basic `account_id:secret_key`). */
  auth: Authenticator;
  /** Base of share and tracking URLs (DROPLINE_PUBLIC_URL). */
  publicUrl: string;
  webhooks: WebhookSettings;
  /** The server's options, for a dialect's own settings (Uber's robo courier time factor). */
  options: ServerOptions;
  log: FastifyBaseLogger;
}

/**
 * A dialect: its routes plus everything the shared layers ask it for (DialectServices). The one
 * registration list is src/dialects.ts; docs/architecture.md "How to add a dialect".
 */
export interface Dialect extends DialectServices {
  /** The realm its routes answer in (credentials and error bodies; route-table.ts), if one of the server's. */
  readonly realm?: Realm;
  /**
   * Registers the dialect's routes in its own encapsulated scope (prefix, error handler and hooks
   * stay inside it). Resources it starts are released in an `onClose` hook of `app`.
   */
  registerRoutes(app: FastifyInstance, ctx: DialectRouteContext): Promise<void>;
}

/** The dialects of a deps object that serve HTTP (all of src/dialects.ts; a test may register service-only ones). */
export const routedDialects = (dialects: readonly DialectServices[]): Dialect[] =>
  dialects.filter((d): d is Dialect => typeof (d as Partial<Dialect>).registerRoutes === 'function');
