import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../services/accounts/create-account.ts';
import { listAccounts } from '../../services/accounts/list-accounts.ts';
import { lock, unlock } from '../../services/orders/lock-order.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Deps } from '../../services/deps.ts';
import { inRealm } from '../shared/route-table.ts';

const sameToken = (given: string | undefined, token: string) =>
  !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

/**
 * Account administration for the `dropline accounts` commands while a server holds the embedded
 * data directory. The token is random per start and published only in the data directory's lock
 * file (mode 0600), so only someone who can read that directory can use it.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: Deps, token: string): void {
  app.register(async (admin) => {
    inRealm(admin, 'admin');
    admin.addHook('onRequest', async (req, reply) => {
      if (!sameToken(req.headers['x-dropline-admin-token'] as string | undefined, token)) {
        return reply.status(401).send({ message: 'Admin token required' });
      }
    });
    admin.post('/_admin/accounts', { schema: { hide: true } }, async (req, reply) => {
      const name = (req.body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || name.trim() === '') return reply.status(422).send({ message: 'name is required' });
      reply.status(201);
      return createAccount(deps, name.trim());
    });
    admin.get('/_admin/accounts', { schema: { hide: true } }, async () => listAccounts(deps));
    // `dropline orders lock|unlock` while the server holds the embedded store.
    admin.post('/_admin/orders/lock', { schema: { hide: true } }, async (req, reply) => {
      const b = (req.body ?? {}) as { account_id?: unknown; order_handle?: unknown; locked?: unknown };
      if (typeof b.account_id !== 'string' || typeof b.order_handle !== 'string' || typeof b.locked !== 'boolean') {
        return reply.status(422).send({ message: 'account_id, order_handle and locked are required' });
      }
      try {
        const view = await (b.locked ? lock : unlock)(deps, b.account_id, { orderHandle: b.order_handle });
        return { order_handle: b.order_handle, locked_at: view.order.lockedAt?.toISOString() ?? null };
      } catch (e) {
        if (isDomainError(e)) return reply.status(404).send({ message: e.message });
        throw e;
      }
    });
  });
}
