import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { registerWebhooksCommand } from './cli/webhooks.ts';

// Each command imports what it runs only when it runs: the server, store and region data take
// seconds to load, which a quick API-client command like `webhooks list` should not pay.

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const program = new Command('dropline').description('Dropline delivery orchestration and live-tracking server').version(VERSION, '-v, --version');

program
  .command('serve')
  .description('Start the server (embedded store in DROPLINE_DATA_DIR, or PostgreSQL with DATABASE_URL)')
  .action(async () => {
    const config = loadConfig();
    // Under a fleet's steady allocation V8 let the heap grow to ~4× its live size between full
    // collections (issue 21: ~85 MB live, 330 MB committed at 10,000 devices). The factor is read
    // at every collection, so setting it here bounds the heap to live × (1 + percent/100).
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent ?? 30}`);
    const { ensureWebBuild } = await import('./cli/build-web.ts');
    await ensureWebBuild({ log: (line) => process.stderr.write(`${line}\n`) });
    const { startServer } = await import('./app.ts');
    const { createOfflineRegionLookup } = await import('./services/regions/offline-region-lookup.ts');
    const server = await startServer(config, {
      regions: createOfflineRegionLookup(),
      onFirstAccount: (creds, base) => {
        const auth = `${creds.account_id}:${creds.secret_key}`;
        process.stdout.write(
          [
            '',
            'Created the first account. Its secret key is shown only now; keep it.',
            `  account_id: ${creds.account_id}`,
            `  secret_key: ${creds.secret_key}`,
            '',
            'Try it:',
            `  curl -u '${auth}' ${base}/orders`,
            '',
          ].join('\n'),
        );
      },
    });
    const { startBanner } = await import('./cli/banner.ts');
    const banner = startBanner({
      version: VERSION,
      url: server.url,
      publicUrl: config.publicUrl,
      store: config.databaseUrl ? 'postgres' : 'pglite',
      osmandPort: server.osmandUrl ? Number(new URL(server.osmandUrl).port) : null,
    });
    process.stdout.write(`${banner.join('\n')}\n`);
    // Graceful stop, with a deadline: a stuck receiver or connection must not keep the process
    // alive after SIGTERM. Acknowledged writes are already committed, so a forced exit loses nothing.
    const shutdown = async () => {
      const deadline = setTimeout(() => {
        process.stderr.write('dropline: shutdown took over 10 s; exiting anyway\n');
        process.exit(1);
      }, 10_000);
      deadline.unref();
      try {
        await server.close();
        process.exit(0);
      } catch (e) {
        process.stderr.write(`dropline: error while shutting down: ${(e as Error).message}\n`);
        process.exit(1);
      }
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const { openStore } = await import('./store/open-store.ts');
    const { alongsideParts, DIALECTS } = await import('./dialects.ts');
    const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, alongside: alongsideParts(DIALECTS) });
    await store.close();
    process.stdout.write('Migrations applied.\n');
  });

const accounts = program.command('accounts').description('Manage accounts');
accounts
  .command('create')
  .description('Create an account and print its credentials (shown once)')
  .requiredOption('--name <name>', 'account name')
  .option('--json', 'print one JSON object')
  .action(async (o: { name: string; json?: boolean }) => {
    const { runAccountsCommand } = await import('./cli/accounts.ts');
    await runAccountsCommand(loadConfig(), { kind: 'create', name: o.name, json: !!o.json });
  });
accounts
  .command('list')
  .description('List accounts')
  .option('--json', 'print JSON')
  .action(async (o: { json?: boolean }) => {
    const { runAccountsCommand } = await import('./cli/accounts.ts');
    await runAccountsCommand(loadConfig(), { kind: 'list', json: !!o.json });
  });

const orders = program.command('orders').description('Dispatcher actions on orders');
for (const [name, locked] of [
  ['lock', true],
  ['unlock', false],
] as const) {
  orders
    .command(`${name} <order_handle>`)
    .description(locked ? 'Lock an order: update and cancel are refused in every API until it is unlocked' : 'Unlock a locked order')
    .requiredOption('--account <account_id>', 'the account the order belongs to')
    .action(async (orderHandle: string, o: { account: string }) => {
      const { runLockCommand } = await import('./cli/orders.ts');
      await runLockCommand(loadConfig(), { locked, accountId: o.account, orderHandle });
    });
}

program
  .command('simulate')
  .description('Drive simulated trips against a running server (a worker, device and tracked order per driver)')
  .option('--drivers <n>', 'number of drivers', '5')
  .option('--rate <seconds>', 'simulated seconds between fixes', '5')
  .option('--speedup <k>', 'simulated seconds per real second', '10')
  .option('--url <url>', 'server origin', `http://127.0.0.1:${process.env.PORT ?? 8080}`)
  .option('--account-id <id>', 'account id (default: DROPLINE_ACCOUNT_ID)')
  .option('--secret <key>', 'secret key (default: DROPLINE_SECRET_KEY)')
  .option('--protocol <protocol>', 'osmand or native', 'osmand')
  .option('--seed <n>', 'seed for the trips', '1')
  .action(async (o: import('./cli/simulate.ts').SimulateArgs) => {
    const { runSimulateCommand } = await import('./cli/simulate.ts');
    await runSimulateCommand(o);
  });

registerWebhooksCommand(program);

program.parseAsync().catch((e: Error) => {
  process.stderr.write(`dropline: ${e.message}\n`);
  process.exit(1);
});
