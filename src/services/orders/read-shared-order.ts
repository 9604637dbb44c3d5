import { type AccountBranding, DEFAULT_BRANDING } from '../../core/account.ts';
import { endedAt } from '../../core/order/measures.ts';
import type { Order } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { getOrderByShareCode } from './read-orders.ts';

/** What the public page may show of the driver: first name, photo, and a phone only where the account offers contact. */
export interface DriverCard {
  firstName: string | null;
  /** `profile.photo_url` when it is a data: URL or a path on this server (the page loads nothing from elsewhere). */
  photo: string | null;
  phone: string | null;
}

export interface SharedOrder {
  view: OrderView;
  driver: DriverCard | null;
  branding: AccountBranding;
  /** When the link stops working: `expiryHours` after completion or cancellation; null while open. */
  expiresAt: Date | null;
}

/** Worker cards and the account's branding, kept by a long-lived stream that re-reads the order on every change. */
export interface SharedOrderCache {
  drivers: Map<string, DriverCard | null>;
  branding?: AccountBranding;
}

export const newSharedOrderCache = (): SharedOrderCache => ({ drivers: new Map() });

export const shareExpiry = (o: Order, expiryHours: number): Date | null => {
  const end = endedAt(o);
  return end ? new Date(end.getTime() + expiryHours * 3_600_000) : null;
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const localImage = (v: unknown) => {
  const s = str(v);
  return s && (/^data:image\/[\w+.-]+;base64,/.test(s) || /^\/(?!\/)/.test(s)) ? s : null;
};

/** The order behind a share code, or null when the code is unknown or its link has expired. */
export async function readSharedOrder(
  deps: Deps,
  shareCode: string,
  expiryHours: number,
  cache: SharedOrderCache = newSharedOrderCache(),
): Promise<SharedOrder | null> {
  const view = await getOrderByShareCode(deps, shareCode);
  if (!view) return null;
  const expiresAt = shareExpiry(view.order, expiryHours);
  if (expiresAt && expiresAt.getTime() <= deps.clock.now().getTime()) return null;
  cache.branding ??= (await deps.store.repos.accounts.findBranding(view.order.accountId)) ?? DEFAULT_BRANDING;
  const branding = cache.branding;
  const handle = view.order.workerHandle;
  let driver: DriverCard | null = null;
  if (handle) {
    if (!cache.drivers.has(handle)) {
      const worker = await deps.store.repos.workers.find(view.order.accountId, handle);
      cache.drivers.set(
        handle,
        worker
          ? {
              firstName: worker.name?.trim().split(/\s+/)[0] || null,
              photo: localImage(worker.profile.photo_url),
              phone: branding.contactDriver ? str(worker.profile.phone) : null,
            }
          : null,
      );
    }
    driver = cache.drivers.get(handle) ?? null;
  }
  return { view, driver, branding, expiresAt };
}
