import type { Kysely, Selectable } from 'kysely';
import type { WebhookEndpoint, WebhookFormat } from '../../core/webhook.ts';
import type { DB, WebhookEndpointsTable } from '../schema.ts';

export interface WebhookEndpointRepo {
  insert(endpoint: WebhookEndpoint): Promise<void>;
  update(endpoint: WebhookEndpoint): Promise<void>;
  find(accountId: string, id: string, opts?: { forUpdate?: boolean }): Promise<WebhookEndpoint | null>;
  list(accountId: string): Promise<WebhookEndpoint[]>;
  /** The endpoints of several accounts at once, for the dispatcher's fan-out. */
  listForAccounts(accountIds: string[]): Promise<WebhookEndpoint[]>;
  delete(accountId: string, id: string): Promise<boolean>;
}

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export const endpointFromRow = (r: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: r.id,
  accountId: r.account_id,
  url: r.url,
  format: r.format as WebhookFormat,
  events: r.events === null ? null : revive<string[]>(r.events),
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretExpiresAt: r.previous_secret_expires_at,
  authHeaderName: r.auth_header_name,
  description: r.description,
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (e: WebhookEndpoint) => ({
  id: e.id,
  account_id: e.accountId,
  url: e.url,
  format: e.format,
  events: e.events === null ? null : JSON.stringify(e.events),
  secret: e.secret,
  previous_secret: e.previousSecret,
  previous_secret_expires_at: e.previousSecretExpiresAt,
  auth_header_name: e.authHeaderName,
  description: e.description,
  enabled: e.enabled,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
});

export class KyselyWebhookEndpointRepo implements WebhookEndpointRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(e: WebhookEndpoint): Promise<void> {
    await this.db.insertInto('webhook_endpoints').values(toRow(e)).execute();
  }

  async update(e: WebhookEndpoint): Promise<void> {
    const { id, account_id, ...row } = toRow(e);
    await this.db.updateTable('webhook_endpoints').set(row).where('id', '=', id).where('account_id', '=', account_id).execute();
  }

  async find(accountId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<WebhookEndpoint | null> {
    let q = this.db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? endpointFromRow(row) : null;
  }

  async list(accountId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
    return rows.map(endpointFromRow);
  }

  async listForAccounts(accountIds: string[]): Promise<WebhookEndpoint[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where('account_id', 'in', accountIds).execute();
    return rows.map(endpointFromRow);
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('webhook_endpoints').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
