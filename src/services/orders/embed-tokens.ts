import type { Account } from '../../core/account.ts';
import { DomainError } from '../../core/errors.ts';
import { accountMac, sameMac } from '../accounts/account-mac.ts';
import type { Deps } from '../deps.ts';

/** How long a secure embed link works (HyperTrack: "time-limited"; it publishes no figure). */
export const EMBED_TOKEN_TTL_SECONDS = 3600;

const PURPOSE = 'embed';
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const orderScope = (shareCode: string) => `order:${shareCode}`;
const routeScope = (routeHandle: string) => `route:${routeHandle}`;

export interface EmbedToken {
  token: string;
  expiresAt: Date;
}

/**
 * A token for one order's embed view: `account.scope.expiry.mac`, signed as dashboard sessions are
 * (account-mac.ts). Only the account that owns the order may mint it; any other gets the same
 * not-found as for a code that does not exist.
 */
export async function mintOrderEmbedToken(deps: Deps, accountId: string, shareCode: string): Promise<EmbedToken> {
  const { orders, accounts } = deps.store.repos;
  const found = await orders.findByShareCode(shareCode);
  const account = found && found.order.accountId === accountId ? await accounts.find(accountId) : null;
  if (!account) throw new DomainError('order_not_found', 'Order not found for this embed_url', { shareCode });
  return sign(deps, account, orderScope(shareCode));
}

function sign(deps: Deps, account: Account, scope: string): EmbedToken {
  const expiresAt = new Date(deps.clock.now().getTime() + EMBED_TOKEN_TTL_SECONDS * 1000);
  const body = `${b64(account.accountId)}.${b64(scope)}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return { token: `${body}.${accountMac(account, PURPOSE, body)}`, expiresAt };
}

/** A token for one route's embed view (/app/routes/<handle>); route handles are per account, so the token names the account. */
export async function mintRouteEmbedToken(deps: Deps, accountId: string, routeHandle: string): Promise<EmbedToken> {
  const { routes, accounts } = deps.store.repos;
  const route = await routes.find(accountId, routeHandle);
  const account = route ? await accounts.find(accountId) : null;
  if (!account) throw new DomainError('route_not_found', 'Route not found for this embed_url', { routeHandle });
  return sign(deps, account, routeScope(routeHandle));
}

/** The account a route embed token was minted by, when it is unexpired, untampered and for this route; null otherwise. */
export async function verifyRouteEmbedToken(deps: Deps, token: string, routeHandle: string): Promise<string | null> {
  const account = await verifiedAccount(deps, token, routeScope(routeHandle));
  return account?.accountId ?? null;
}

async function verifiedAccount(deps: Deps, token: string, wantScope: string): Promise<Account | null> {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [id, scope, exp, sig] = parts as [string, string, string, string];
  if (unb64(scope) !== wantScope) return null;
  if (!/^\d{1,12}$/.test(exp) || !(Number(exp) * 1000 > deps.clock.now().getTime())) return null;
  const accountId = unb64(id);
  // Decoded from the URL: only what an account id can be reaches the store.
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(accountId)) return null;
  const account = await deps.store.repos.accounts.find(accountId);
  return account && sameMac(sig, accountMac(account, PURPOSE, `${id}.${scope}.${exp}`)) ? account : null;
}

/** Whether `token` is an unexpired, untampered token minted for the order behind `shareCode`. */
export async function verifyOrderEmbedToken(deps: Deps, token: string, shareCode: string): Promise<boolean> {
  const account = await verifiedAccount(deps, token, orderScope(shareCode));
  if (!account) return false;
  // The order may have changed hands since (it cannot today), so ownership is checked again.
  const found = await deps.store.repos.orders.findByShareCode(shareCode);
  return found?.order.accountId === account.accountId;
}
