import type { Config } from '../config.ts';
import { alongsideParts, DIALECTS } from '../dialects.ts';
import { createAccount, type NewAccountCredentials } from '../services/accounts/create-account.ts';
import { listAccounts } from '../services/accounts/list-accounts.ts';
import { createDeps } from '../services/deps.ts';
import { readLock } from '../store/data-dir-lock.ts';
import { isPostgresUrl, openStore } from '../store/open-store.ts';

export type AccountsCommand = { kind: 'create'; name: string; json: boolean } | { kind: 'list'; json: boolean };

type Created = NewAccountCredentials;
type Listed = { account_id: string; name: string; created_at: string }[];

/**
 * Runs an account command on the store. When a server holds the embedded data directory, the
 * command goes through that server's admin endpoint: opening the directory a second time would
 * corrupt it.
 */
export async function runAccountsCommand(config: Config, cmd: AccountsCommand): Promise<void> {
  const holder = isPostgresUrl(config.databaseUrl) ? null : readLock(config.dataDir);
  let result: Created | Listed;
  if (holder?.admin) {
    const { url, token } = holder.admin;
    const res = await fetch(`${url}/_admin/accounts`, {
      method: cmd.kind === 'create' ? 'POST' : 'GET',
      headers: { 'x-dropline-admin-token': token, 'content-type': 'application/json' },
      body: cmd.kind === 'create' ? JSON.stringify({ name: cmd.name }) : undefined,
    });
    if (!res.ok) throw new Error(`the running server (pid ${holder.pid}) refused: ${res.status} ${await res.text()}`);
    result = (await res.json()) as Created | Listed;
  } else {
    // A holder without an admin address is another CLI command; openStore reports it clearly.
    const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, alongside: alongsideParts(DIALECTS) });
    const deps = createDeps(store, { dialects: DIALECTS });
    try {
      result = cmd.kind === 'create' ? await createAccount(deps, cmd.name) : await listAccounts(deps);
    } finally {
      await store.close();
    }
  }
  process.stdout.write(`${format(cmd, result)}\n`);
}

function format(cmd: AccountsCommand, result: Created | Listed): string {
  if (cmd.json) return JSON.stringify(result);
  if (cmd.kind === 'create') {
    const c = result as Created;
    const g = c.bringg;
    return [
      `account_id: ${c.account_id}`,
      `name:       ${c.name}`,
      `secret_key: ${c.secret_key}   (shown once; keep it)`,
      '',
      'Bringg Services (shown once; keep them):',
      `  service URL:   /services/<action_code>/${g.service_uuid_1}/${g.service_uuid_2}/`,
      `  client_id:     ${g.client_id}`,
      `  client_secret: ${g.client_secret}`,
      '',
      'Uber Direct (shown once; keep them):',
      `  customer_id:        ${c.uber.customer_id}`,
      `  live client_id:     ${c.uber.live.client_id}`,
      `  live client_secret: ${c.uber.live.client_secret}`,
      `  test client_id:     ${c.uber.test.client_id}`,
      `  test client_secret: ${c.uber.test.client_secret}`,
    ].join('\n');
  }
  const rows = result as Listed;
  return rows.length === 0 ? 'No accounts.' : rows.map((a) => `${a.account_id}  ${a.created_at}  ${a.name}`).join('\n');
}
