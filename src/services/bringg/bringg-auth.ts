import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BringgAccount } from '../../store/repos/bringg.repo.ts';
import { hashSecret, secretMatches } from '../accounts/credentials.ts';
import type { Deps } from '../deps.ts';
import { serviceSecretHash } from './bringg-credentials.ts';

/** Bringg: write-scope tokens live 30 minutes (reference §3). */
export const TOKEN_SECONDS = 1800;

export interface BringgCaller {
  accountId: string;
  merchantId: number;
  /** The tag bound to the service URL; a body `tag_id` overrides it. */
  tagId: number | null;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  created_at: number;
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const sign = (key: string, data: string) => createHmac('sha512', key).update(data).digest();
const HEADER = b64url(JSON.stringify({ alg: 'HS512', typ: 'JWT' }));

const callerOf = (a: BringgAccount): BringgCaller => ({ accountId: a.accountId, merchantId: a.merchantId, tagId: a.tagId });

/**
 * Both Bringg auth styles. Credentials never change after creation, so accounts are cached by
 * secret hash and client id: a request costs one hash (service URL) or one HMAC (token).
 */
export class BringgAuthenticator {
  private readonly bySecret = new Map<string, BringgAccount>();
  private readonly byClient = new Map<string, BringgAccount>();

  constructor(private readonly deps: Deps) {}

  async verifyServiceUrl(uuid1: string, uuid2: string): Promise<BringgCaller | null> {
    const hash = serviceSecretHash(uuid1, uuid2);
    let account = this.bySecret.get(hash);
    if (!account) {
      const found = await this.deps.store.repos.bringg.findAccount({ serviceSecretHash: hash });
      if (!found) return null;
      account = found;
      this.bySecret.set(hash, account);
    }
    return callerOf(account);
  }

  private async client(clientId: string): Promise<BringgAccount | null> {
    let account = this.byClient.get(clientId);
    if (!account) {
      const found = await this.deps.store.repos.bringg.findAccount({ clientId });
      if (!found) return null;
      account = found;
      this.byClient.set(clientId, account);
    }
    return account;
  }

  /**
   * client_credentials grant. The token is an HS512 JWT shaped like Bringg's (tid, sub, scp, aud,
   * iss, exp = iat + 1800) signed with the client's server-side key; clients treat it as opaque.
   */
  async issueToken(clientId: string, clientSecret: string): Promise<IssuedToken | null> {
    const account = await this.client(clientId);
    if (!account || !secretMatches(clientSecret, account.clientSecretHash)) return null;
    const iat = Math.floor(this.deps.clock.now().getTime() / 1000);
    const payload = b64url(
      JSON.stringify({
        tid: account.merchantId,
        sub: account.accountId,
        scp: ['write'],
        aud: account.clientId,
        iss: 'urn:x-bringg:service:api',
        iat,
        exp: iat + TOKEN_SECONDS,
        jti: hashSecret(`${account.clientId}:${iat}:${this.deps.ids.uuid()}`).slice(0, 16),
      }),
    );
    const signature = b64url(sign(account.signingKey, `${HEADER}.${payload}`));
    return { access_token: `${HEADER}.${payload}.${signature}`, token_type: 'Bearer', expires_in: TOKEN_SECONDS, created_at: iat };
  }

  /** The caller of a valid, unexpired token; null for anything else. */
  async verifyToken(token: string): Promise<BringgCaller | null> {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return null;
    let claims: { aud?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims.aud !== 'string' || typeof claims.exp !== 'number') return null;
    const account = await this.client(claims.aud);
    if (!account) return null;
    const expected = sign(account.signingKey, `${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (claims.exp * 1000 <= this.deps.clock.now().getTime()) return null;
    return callerOf(account);
  }
}
