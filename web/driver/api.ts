import { kvGet, kvSet } from './idb.ts';
import type { Queued } from './outbox.ts';

/** The driver's credentials: the session's CSRF token for /driver/api, the link token for the ingest endpoint. */
export interface Credentials {
  csrf: string;
  linkToken: string;
}

const CREDS = 'credentials';
let creds: Credentials | null = null;

export async function loadCredentials(): Promise<Credentials | null> {
  creds ??= (await kvGet<Credentials>(CREDS)) ?? null;
  return creds;
}

/** Kept with the offline queue: replaying after a restart without coverage needs both. */
export async function saveCredentials(c: Credentials) {
  creds = c;
  await kvSet(CREDS, c);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function fail(res: Response): Promise<never> {
  const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? `Request failed (${res.status})`, data?.error?.details);
}

/** A read, or the sign-in itself: not queued (a read offline simply fails, and the cached copy is shown). */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && creds) headers['x-csrf-token'] = creds.csrf;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

/** Sends one queued request with the credentials of now (a new sign-in replaces them before a replay). */
export function sendQueued(q: Queued): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (q.kind === 'fixes') headers.authorization = `Bearer ${creds?.linkToken ?? ''}`;
  else headers['x-csrf-token'] = creds?.csrf ?? '';
  let body: BodyInit | undefined;
  if (q.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(q.body.value);
  } else if (q.body.kind === 'blob') {
    headers['content-type'] = q.body.type;
    body = q.body.blob;
  }
  return fetch(q.path, { method: q.method, headers, credentials: 'same-origin', body });
}

/** Client action ids: unique per action, the server's key for doing a replayed action once. */
export function newActionId(): string {
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (a plain-http test install).
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
