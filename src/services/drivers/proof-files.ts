import { createHash } from 'node:crypto';
import { sniffImageType } from '../../core/driver/image-type.ts';
import { isTerminal } from '../../core/order/statuses.ts';
import type { Worker } from '../../core/worker.ts';
import { DomainError } from '../../core/errors.ts';
import type { ProofFile, ProofKind } from '../../store/repos/driver.repo.ts';
import type { Deps } from '../deps.ts';
import { checkProofUrl, type ProofUrlCheck } from './proof-urls.ts';
import { stopNotFound } from './stop-actions.ts';
import { proofFileJson } from './stop-json.ts';

/** 2 MiB: a phone photo downscaled in the browser fits with room to spare (docs/driver-app.md). */
export const MAX_PROOF_BYTES = 2 * 1024 * 1024;

export const proofTooLarge = () =>
  new DomainError('invalid_request', 'The file is larger than 2 MB; take the photo again at a lower size', { rule: 'proof_too_large' });

/**
 * Stores the stop's photo or signature, replacing the one it had, once the bytes are known to be
 * a JPEG, PNG or WebP image of at most 2 MiB: a refused file stores nothing.
 */
export async function putProof(deps: Deps, worker: Worker, stopId: string, kind: ProofKind, bytes: Uint8Array) {
  if (bytes.length === 0) throw new DomainError('invalid_request', 'The file is empty', { rule: 'proof_empty' });
  if (bytes.length > MAX_PROOF_BYTES) throw proofTooLarge();
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new DomainError('invalid_request', 'The file is not a JPEG, PNG or WebP image', { rule: 'proof_not_image' });
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const ref = await repos.drivers.findStop(worker.accountId, stopId);
    if (!ref || ref.workerHandle !== worker.workerHandle) throw stopNotFound(stopId);
    const order = await repos.orders.find(worker.accountId, ref.key, { forUpdate: true });
    if (!order || order.workerHandle !== worker.workerHandle) throw stopNotFound(stopId);
    if (isTerminal(order.status)) throw new DomainError('invalid_transition', 'This stop is already finished', { status: order.status });
    const file: ProofFile = {
      proofId: `prf_${deps.ids.secret()}`,
      accountId: worker.accountId,
      orderId: order.id,
      kind,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: bytes,
      createdAt: now,
    };
    await repos.drivers.putProofFile(file);
    return proofFileJson(file);
  });
}

/** The proof image behind a signed URL: checked against the file's own account, so a URL made for another account fails. */
export async function readSignedProof(deps: Deps, proofId: string, exp: number, sig: string): Promise<{ file: ProofFile; check: ProofUrlCheck } | null> {
  const file = await deps.store.repos.drivers.findProofFile(proofId);
  if (!file) return null;
  const account = await deps.store.repos.accounts.find(file.accountId);
  if (!account) return null;
  return { file, check: checkProofUrl(account, proofId, exp, sig, deps.clock.now()) };
}
