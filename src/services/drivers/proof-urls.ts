import type { Account } from '../../core/account.ts';
import { accountMac, sameMac } from '../accounts/account-mac.ts';
import type { Deps } from '../deps.ts';

/** How long a minted proof URL works. */
export const PROOF_URL_SECONDS = 3600;

/**
 * Stored documents (an Uber delivery's proof, the order's metadata, a webhook's body) keep a proof
 * image as this marker, never as a URL: a signed URL expires, so it is minted whenever the
 * document is shown (signProofRefs). The account id rides along so signing needs no lookup of the
 * file; the URL only verifies against the file's own account.
 */
export const proofRef = (accountId: string, proofId: string) => `dlproof:${Buffer.from(accountId).toString('base64url')}:${proofId}`;

/** The proof id a marker names, or null for anything else (a robo courier's data: URL). */
export function proofIdOfRef(ref: string): string | null {
  const m = /^dlproof:[A-Za-z0-9_-]+:(prf_[A-Za-z0-9]+)$/.exec(ref);
  return m ? m[1]! : null;
}

/** Stands for the expiry of the URLs minted in the same answer (a stored answer's would be stale). */
export const PROOF_EXPIRY_REF = 'dlproof-expiry';

const REF = /"dlproof:([A-Za-z0-9_-]+):(prf_[A-Za-z0-9]+)"/g;

const macOf = (account: Account, proofId: string, exp: number) => accountMac(account, 'proof', `${proofId}.${exp}`);

export function proofUrl(account: Account, publicUrl: string, proofId: string, now: Date): { url: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + PROOF_URL_SECONDS;
  return { url: `${publicUrl}/proofs/${proofId}?exp=${exp}&sig=${macOf(account, proofId, exp)}`, expiresAt: new Date(exp * 1000) };
}

export type ProofUrlCheck = 'ok' | 'expired' | 'bad';

export function checkProofUrl(account: Account, proofId: string, exp: number, sig: string, now: Date): ProofUrlCheck {
  if (!sameMac(sig, macOf(account, proofId, exp))) return 'bad';
  return exp * 1000 > now.getTime() ? 'ok' : 'expired';
}

/** Whether a serialized document holds proof markers (a cheap test before the rewrite). */
export const hasProofRefs = (text: string): boolean => text.includes('"dlproof:');

/**
 * Replaces every proof marker of `forAccount` in a serialized JSON document with a freshly signed
 * URL, and any other marker with null: order metadata is written by API callers, so a document can
 * hold a marker naming another account's proof, which must never become a working link. Without
 * an account (an answer nobody authenticated for) no marker is signed.
 */
export async function signProofRefs(deps: Deps, text: string, publicUrl: string, forAccount: string | null): Promise<string> {
  if (!hasProofRefs(text)) return text;
  const accounts = new Map<string, Account | null>();
  for (const m of text.matchAll(REF)) {
    const id = Buffer.from(m[1]!, 'base64url').toString('utf8');
    if (!accounts.has(m[1]!)) accounts.set(m[1]!, id === forAccount ? await deps.store.repos.accounts.find(id) : null);
  }
  const now = deps.clock.now();
  const expiry = JSON.stringify(new Date((Math.floor(now.getTime() / 1000) + PROOF_URL_SECONDS) * 1000).toISOString());
  return text
    .replace(REF, (whole, acct: string, proofId: string) => {
      const account = accounts.get(acct);
      return account ? JSON.stringify(proofUrl(account, publicUrl, proofId, now).url) : 'null';
    })
    .replaceAll(`"${PROOF_EXPIRY_REF}"`, expiry);
}
