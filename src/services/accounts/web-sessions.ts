import { randomBytes } from 'node:crypto';
import type { Account } from '../../core/account.ts';
import type { Deps } from '../deps.ts';
import { accountMac, sameMac } from './account-mac.ts';
import { Authenticator } from './authenticate.ts';

export interface WebSession {
  accountId: string;
  expiresAt: Date;
  /** The double-submit CSRF token bound to this session. */
  csrf: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Stateless dashboard sessions: `account_id.expiry.nonce.mac`. The MAC key is derived from the
 * account's stored secret hash, so every server process sharing the database verifies the same
 * cookie without a sessions table, a restart keeps people signed in, and rotating the account's
 * secret signs every session out.
 */
export class WebSessions {
  private readonly auth: Authenticator;
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly deps: Deps,
    private readonly ttlSeconds: number,
  ) {
    this.auth = new Authenticator(deps);
  }

  /** Checks the credentials and returns a session token, or null when they are wrong. */
  async signIn(accountId: string, secretKey: string): Promise<{ token: string; session: WebSession } | null> {
    const account = await this.auth.verify(accountId, secretKey);
    if (!account) return null;
    this.accounts.set(account.accountId, account);
    const expiresAt = new Date(this.deps.clock.now().getTime() + this.ttlSeconds * 1000);
    const body = `${b64(account.accountId)}.${Math.floor(expiresAt.getTime() / 1000)}.${b64(randomBytes(16))}`;
    const token = `${body}.${mac(account, body, 'session')}`;
    return { token, session: { accountId: account.accountId, expiresAt, csrf: mac(account, token, 'csrf') } };
  }

  async verify(token: string | undefined): Promise<WebSession | null> {
    const parts = token?.split('.') ?? [];
    if (parts.length !== 4 || !token) return null;
    const [id, exp, , sig] = parts as [string, string, string, string];
    const accountId = Buffer.from(id, 'base64url').toString('utf8');
    const expiresAt = new Date(Number(exp) * 1000);
    if (!(expiresAt.getTime() > this.deps.clock.now().getTime())) return null;
    const account = await this.account(accountId);
    if (!account) return null;
    const expected = mac(account, token.slice(0, token.lastIndexOf('.')), 'session');
    if (!sameMac(sig, expected)) return null;
    return { accountId, expiresAt, csrf: mac(account, token, 'csrf') };
  }

  private async account(accountId: string): Promise<Account | null> {
    const cached = this.accounts.get(accountId);
    if (cached) return cached;
    const found = await this.deps.store.repos.accounts.find(accountId);
    if (found) this.accounts.set(accountId, found);
    return found;
  }
}

const mac = (account: Account, data: string, purpose: string) => accountMac(account, purpose, data);
