import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { launchBrowser } from './browser.ts';

/** A server on the embedded store and a headless chromium, both for the whole file. Read the fields inside tests. */
export function browserSuite(): { server: WebServer; browser: Browser } {
  const s = { server: undefined as unknown as WebServer, browser: undefined as unknown as Browser };
  beforeAll(async () => {
    [s.server, s.browser] = await Promise.all([startWebServer('pglite'), launchBrowser()]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}
