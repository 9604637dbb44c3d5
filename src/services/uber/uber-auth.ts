import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UberClient } from '../../store/repos/uber.repo.ts';
import { secretMatches } from '../accounts/credentials.ts';
import type { Deps } from '../deps.ts';

/** Uber's getting-started sample: tokens live 30 days (reference §1); clients cache them. */
export const TOKEN_SECONDS = 2_592_000;

/** The scopes Dropline grants; the SDK asks for both (reference §1). */
export type UberScope = 'eats.deliveries' | 'direct.organizations';
const KNOWN_SCOPES: UberScope[] = ['eats.deliveries', 'direct.organizations'];
/** A scope's letter in the token: the token says what it grants, so a check needs no lookup. */
const SCOPE_CODES: Record<UberScope, string> = { 'eats.deliveries': 'd', 'direct.organizations': 'o' };

export interface UberCaller {
  accountId: string;
  customerId: string;
  /** False for the test-mode client pair. */
  liveMode: boolean;
  /** What the token was granted: the deliveries API needs eats.deliveries, the organizations API direct.organizations. */
  scopes: readonly UberScope[];
}

export interface IssuedUberToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

const sign = (key: string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * The client_credentials grant and the bearer check. A token is `<client_id>.<exp>.<scopes>.<mac>`
 * (`scopes` one letter per granted scope), signed
 * with the client's server-side key, so a request costs one HMAC; clients are cached by id since
 * credentials never change after creation.
 */
export class UberAuthenticator {
  private readonly clients = new Map<string, { client: UberClient; customerId: string }>();

  constructor(private readonly deps: Deps) {}

  private async client(clientId: string): Promise<{ client: UberClient; customerId: string } | null> {
    const cached = this.clients.get(clientId);
    if (cached) return cached;
    const client = await this.deps.store.repos.uber.findClient(clientId);
    if (!client) return null;
    const account = await this.deps.store.repos.uber.findAccount({ accountId: client.accountId });
    if (!account) return null;
    const found = { client, customerId: account.customerId };
    this.clients.set(clientId, found);
    return found;
  }

  async issueToken(clientId: string, clientSecret: string, scope: string | null): Promise<IssuedUberToken | null> {
    const found = await this.client(clientId);
    if (!found || !secretMatches(clientSecret, found.client.clientSecretHash)) return null;
    const exp = Math.floor(this.deps.clock.now().getTime() / 1000) + TOKEN_SECONDS;
    const asked = (scope ?? '').split(/\s+/).filter((s): s is UberScope => (KNOWN_SCOPES as string[]).includes(s));
    const granted = KNOWN_SCOPES.filter((s) => (asked.length ? asked : ['eats.deliveries']).includes(s));
    const body = `${clientId}.${exp}.${granted.map((s) => SCOPE_CODES[s]).join('')}`;
    const mac = sign(found.client.signingKey, body).toString('base64url');
    return {
      access_token: `${body}.${mac}`,
      token_type: 'Bearer',
      expires_in: TOKEN_SECONDS,
      scope: granted.join(' '),
    };
  }

  /** The caller of a valid, unexpired token; null for anything else. */
  async verifyToken(token: string): Promise<UberCaller | null> {
    const parts = token.split('.');
    // Tokens issued before scopes were recorded have three parts; they keep granting both until they expire.
    if ((parts.length !== 3 && parts.length !== 4) || !/^\d+$/.test(parts[1]!)) return null;
    const found = await this.client(parts[0]!);
    if (!found) return null;
    const expected = sign(found.client.signingKey, parts.slice(0, -1).join('.'));
    const given = Buffer.from(parts.at(-1)!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (Number(parts[1]) * 1000 <= this.deps.clock.now().getTime()) return null;
    const codes = parts.length === 4 ? parts[2]! : 'do';
    const scopes = KNOWN_SCOPES.filter((s) => codes.includes(SCOPE_CODES[s]));
    return { accountId: found.client.accountId, customerId: found.customerId, liveMode: found.client.liveMode, scopes };
  }
}
