import { randomBytes } from 'node:crypto';
import type { Account } from '../../core/account.ts';
import type { Worker } from '../../core/worker.ts';
import type { DriverLink } from '../../store/repos/driver.repo.ts';
import { accountMac, sameMac } from '../accounts/account-mac.ts';
import type { Deps } from '../deps.ts';
import { type LinkRefusal, liveLink, verifyLinkToken } from './driver-links.ts';

export interface DriverSession {
  accountId: string;
  worker: Worker;
  link: DriverLink;
  expiresAt: Date;
  /** The double-submit CSRF token bound to this session. */
  csrf: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/**
 * Driver sessions: `base64url(account_id).link_id.expiry.nonce.mac`, an HMAC keyed by the account's
 * stored secret hash (account-mac.ts). Unlike the dashboard's, each request also reads the link:
 * revoking it, or deleting the worker, signs the phone out at once. The session ends with its link.
 */
export class DriverSessions {
  constructor(private readonly deps: Deps) {}

  /** Opens a session from a link token; the refusal says why the link is dead. */
  async signIn(linkToken: string): Promise<{ token: string; session: DriverSession } | LinkRefusal> {
    const found = await verifyLinkToken(this.deps, linkToken);
    if (typeof found === 'string') return found;
    const account = await this.deps.store.repos.accounts.find(found.link.accountId);
    if (!account) return 'link_invalid';
    await this.deps.store.repos.drivers.touchLink(found.link.linkId, this.deps.clock.now());
    const expiresAt = found.link.expiresAt;
    const body = `${b64(account.accountId)}.${found.link.linkId}.${Math.floor(expiresAt.getTime() / 1000)}.${randomBytes(16).toString('base64url')}`;
    const token = `${body}.${accountMac(account, 'driver-session', body)}`;
    return { token, session: { accountId: account.accountId, worker: found.worker, link: found.link, expiresAt, csrf: csrfOf(account, token) } };
  }

  async verify(token: string | undefined): Promise<DriverSession | null> {
    const parts = token?.split('.') ?? [];
    if (parts.length !== 5 || !token) return null;
    const [id, linkId, exp, , sig] = parts as [string, string, string, string, string];
    const expiresAt = new Date(Number(exp) * 1000);
    if (!(expiresAt.getTime() > this.deps.clock.now().getTime())) return null;
    const account = await this.deps.store.repos.accounts.find(Buffer.from(id, 'base64url').toString('utf8'));
    if (!account || !sameMac(sig, accountMac(account, 'driver-session', token.slice(0, token.lastIndexOf('.'))))) return null;
    const found = await liveLink(this.deps, linkId);
    if (typeof found === 'string' || found.link.accountId !== account.accountId) return null;
    return { accountId: account.accountId, worker: found.worker, link: found.link, expiresAt, csrf: csrfOf(account, token) };
  }
}

const csrfOf = (account: Account, token: string) => accountMac(account, 'driver-csrf', token);
