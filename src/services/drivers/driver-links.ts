import type { Worker } from '../../core/worker.ts';
import type { DriverLink } from '../../store/repos/driver.repo.ts';
import { hashSecret, secretMatches } from '../accounts/credentials.ts';
import type { Deps } from '../deps.ts';
import { loadWorker } from '../workers/load-worker.ts';

export const DEFAULT_LINK_HOURS = 168;
export const MAX_LINK_HOURS = 720;

export type LinkStatus = 'active' | 'expired' | 'revoked';

export const linkStatus = (l: DriverLink, now: Date): LinkStatus => (l.revokedAt ? 'revoked' : l.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active');

/** `drv.<link_id>.<secret>`: the id finds the row, the secret is checked against its hash. */
const tokenOf = (linkId: string, secret: string) => `drv.${linkId}.${secret}`;

export function parseLinkToken(token: string): { linkId: string; secret: string } | null {
  const m = /^drv\.(dlk_[A-Za-z0-9]{1,64})\.([A-Za-z0-9]{16,128})$/.exec(token);
  return m ? { linkId: m[1]!, secret: m[2]! } : null;
}

/** Issues a sign-in link for the worker; the token is shown once, only its hash is kept. */
export async function issueDriverLink(deps: Deps, accountId: string, workerHandle: string, hours: number): Promise<{ link: DriverLink; token: string }> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    await loadWorker(repos, accountId, workerHandle);
    const linkId = `dlk_${deps.ids.shareCode()}`;
    const secret = deps.ids.secret();
    const link: DriverLink = {
      linkId,
      accountId,
      workerHandle,
      tokenHash: hashSecret(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + hours * 3600_000),
      revokedAt: null,
      lastUsedAt: null,
    };
    await repos.drivers.insertLink(link);
    return { link, token: tokenOf(linkId, secret) };
  });
}

export async function listDriverLinks(deps: Deps, accountId: string, workerHandle: string): Promise<DriverLink[]> {
  await loadWorker(deps.store.repos, accountId, workerHandle, { allowDeleted: true });
  return deps.store.repos.drivers.listLinks(accountId, workerHandle);
}

/** Revokes the worker's link (again is fine); false when the worker has no such link. */
export async function revokeDriverLink(deps: Deps, accountId: string, workerHandle: string, linkId: string): Promise<boolean> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    await loadWorker(repos, accountId, workerHandle, { allowDeleted: true });
    return repos.drivers.revokeLink(accountId, workerHandle, linkId, now);
  });
}

export type LinkRefusal = 'link_invalid' | 'link_expired' | 'link_revoked';

/**
 * The link and its worker when the link is alive: not revoked, not expired, its worker not deleted.
 * A deleted worker's link is as good as revoked.
 */
export async function liveLink(deps: Deps, linkId: string): Promise<{ link: DriverLink; worker: Worker } | LinkRefusal> {
  const link = await deps.store.repos.drivers.findLink(linkId);
  if (!link) return 'link_invalid';
  const status = linkStatus(link, deps.clock.now());
  if (status !== 'active') return status === 'expired' ? 'link_expired' : 'link_revoked';
  const worker = await deps.store.repos.workers.find(link.accountId, link.workerHandle);
  if (!worker || worker.deletedAt) return 'link_revoked';
  return { link, worker };
}

/** Checks a link token as sent by the phone (sign-in, location batches); the secret first, so a bare id tells nothing. */
export async function verifyLinkToken(deps: Deps, token: string): Promise<{ link: DriverLink; worker: Worker } | LinkRefusal> {
  const parsed = parseLinkToken(token);
  if (!parsed) return 'link_invalid';
  const link = await deps.store.repos.drivers.findLink(parsed.linkId);
  if (!link || !secretMatches(parsed.secret, link.tokenHash)) return 'link_invalid';
  return liveLink(deps, link.linkId);
}

/**
 * The device, when `token` is a live driver link of the worker the device belongs to: the driver
 * app sends its positions with the link it signed in with (docs/driver-app.md §5).
 */
export async function verifyDriverDevice(deps: Deps, deviceId: string, token: string): Promise<{ accountId: string } | null> {
  if (!token.startsWith('drv.')) return null;
  const found = await verifyLinkToken(deps, token);
  if (typeof found === 'string') return null;
  const device = await deps.store.repos.workers.findDevice(deviceId);
  const { accountId, workerHandle } = found.link;
  return device && device.accountId === accountId && device.workerHandle === workerHandle ? { accountId } : null;
}
