import { expect } from 'vitest';
import type { WebServer } from './web-server.ts';

export interface DashboardSession {
  /** The session's cookies as a Cookie header. */
  cookie: string;
  csrf: string;
}

/** Signs in to the dashboard with the server's first account's credentials. */
export async function dashboardSession(server: WebServer): Promise<DashboardSession> {
  const r = await fetch(`${server.url}/app/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ account_id: server.account.account_id, secret_key: server.account.secret_key }),
  });
  expect(r.status).toBe(200);
  return {
    cookie: r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: ((await r.json()) as { csrf_token: string }).csrf_token,
  };
}
