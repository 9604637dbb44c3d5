import type { Page } from 'playwright-core';
import type { WebServer } from '../helpers/web-server.ts';

/** Signs the page in to the dashboard as the server's first account (or `account`) and waits for the live stream. */
export async function signIn(page: Page, server: WebServer, account: { account_id: string; secret_key: string } = server.account) {
  await page.goto(`${server.url}/app`);
  await page.waitForSelector('#signin-form');
  await page.fill('#account-id', account.account_id);
  await page.fill('#secret-key', account.secret_key);
  await page.click('#signin-form button[type="submit"]');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#connection[data-state="live"]');
}
