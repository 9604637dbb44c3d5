import type { RequiredProofs } from '../../core/driver/proofs.ts';
import type { Deps } from '../deps.ts';
import { accountRequiredProofs } from './stop-data.ts';

export type DefaultProofs = Omit<RequiredProofs, 'barcodes'>;

export const getDriverSettings = (deps: Deps, accountId: string): Promise<DefaultProofs> => accountRequiredProofs(deps.store.repos, accountId);

/** PATCH /settings/driver-app: the given requirements change, the others stay. */
export async function updateDriverSettings(deps: Deps, accountId: string, patch: Partial<DefaultProofs>): Promise<DefaultProofs> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const merged = { ...(await accountRequiredProofs(repos, accountId)), ...patch };
    await repos.drivers.saveRequiredProofs(accountId, merged, now);
    return merged;
  });
}
