import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { DriverLink } from '../../store/repos/driver.repo.ts';
import { linkStatus } from '../../services/drivers/driver-links.ts';

/** docs/driver-app.md §1: what the native API and the dashboard answer for a driver link. */
export const DriverLinkOut = z.object({
  link_id: z.string(),
  worker_handle: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export const DriverLinkIssuedOut = DriverLinkOut.extend({ token: z.string(), url: z.string(), qr_svg: z.string() });

export const IssueLinkBody = z.strictObject({ expires_in_hours: z.number().int().min(1).max(720).optional() });

export const driverLinkJson = (l: DriverLink, now: Date) => ({
  link_id: l.linkId,
  worker_handle: l.workerHandle,
  created_at: l.createdAt.toISOString(),
  expires_at: l.expiresAt.toISOString(),
  revoked_at: l.revokedAt?.toISOString() ?? null,
  last_used_at: l.lastUsedAt?.toISOString() ?? null,
  status: linkStatus(l, now),
});

/** The token rides in the fragment: browsers never send it in the page request, so no log keeps it. */
export function issuedLinkJson(l: DriverLink, token: string, publicUrl: string, now: Date) {
  const url = `${publicUrl}/driver#token=${token}`;
  return { ...driverLinkJson(l, now), token, url, qr_svg: renderSVG(url, { ecc: 'M', border: 2 }) };
}
