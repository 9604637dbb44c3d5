import type { Command } from 'commander';

/**
 * `dropline webhooks …`: a client of the running server's native webhook API (docs/webhooks.md).
 * It goes over HTTP rather than opening the store so that it works the same on the embedded store
 * (whose directory a running server holds) and on PostgreSQL, and so the API's validation, URL
 * safety checks and error bodies apply unchanged.
 */
interface Connection {
  server: string;
  accountId?: string;
  secretKey?: string;
}

type Body = Record<string, unknown>;

async function call(c: Connection, method: string, path: string, body?: Body): Promise<unknown> {
  const accountId = c.accountId ?? process.env.DROPLINE_ACCOUNT_ID;
  const secretKey = c.secretKey ?? process.env.DROPLINE_SECRET_KEY;
  if (!accountId || !secretKey) {
    throw new Error('account credentials are required: --account-id and --secret-key, or DROPLINE_ACCOUNT_ID and DROPLINE_SECRET_KEY');
  }
  const url = new URL(path, c.server.endsWith('/') ? c.server : `${c.server}/`);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${accountId}:${secretKey}`).toString('base64')}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new Error(`cannot reach the server at ${c.server} (${(e as Error).cause ?? (e as Error).message}); is it running?`);
  }
  const text = await res.text();
  // The API's own error body is the most precise explanation there is: show it as it came.
  if (!res.ok) throw new Error(`${method} ${url.pathname} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

const csv = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const seconds = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number of seconds, got "${v}"`);
  return n;
};

/** Only the options the user gave, under the API's field names. */
function endpointFields(o: Record<string, unknown>): Body {
  const out: Body = {};
  if (o.url !== undefined) out.url = o.url;
  if (o.events !== undefined) out.events = o.events === 'all' ? null : csv(o.events as string);
  if (o.authHeader !== undefined) out.auth_header_name = o.authHeader;
  if (o.description !== undefined) out.description = o.description;
  if (o.enable) out.enabled = true;
  if (o.disable) out.enabled = false;
  return out;
}

export function registerWebhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('Manage webhook endpoints and their delivery log through a running server (docs/webhooks.md)');

  // Every subcommand talks to a server as an account; the options are shared.
  const sub = (name: string, description: string) =>
    webhooks
      .command(name)
      .description(description)
      .option('--server <origin>', 'server origin', `http://127.0.0.1:${process.env.PORT ?? 8080}`)
      .option('--account-id <id>', 'account id (default: DROPLINE_ACCOUNT_ID)')
      .option('--secret-key <key>', 'account secret key (default: DROPLINE_SECRET_KEY)');

  sub('create', 'Register an endpoint; prints it with its signing secret (shown only here and on rotation)')
    .requiredOption('--url <url>', 'where events are POSTed')
    .option('--format <format>', 'payload dialect: hypertrack, uber or bringg', 'hypertrack')
    .option('--events <names>', 'comma-separated event names in the format’s vocabulary (default: all)')
    .option('--signing-secret <secret>', 'signing secret (default: generated)')
    .option('--auth-header <name>', 'Bringg: the header that carries the secret (default Authorization)')
    .option('--description <text>', 'free text')
    .option('--disable', 'create paused: events queue until it is enabled')
    .action(async (o: Connection & Record<string, unknown>) => {
      const body: Body = { ...endpointFields(o), format: o.format };
      if (o.signingSecret !== undefined) body.secret = o.signingSecret;
      print(await call(o, 'POST', 'webhooks', body));
    });

  sub('list', 'List the account’s endpoints').action(async (o: Connection) => print(await call(o, 'GET', 'webhooks')));

  sub('show <webhook_id>', 'Show one endpoint').action(async (id: string, o: Connection) => print(await call(o, 'GET', `webhooks/${encodeURIComponent(id)}`)));

  sub('update <webhook_id>', 'Change an endpoint; --disable pauses it (events keep queueing), --enable resumes')
    .option('--url <url>', 'new URL')
    .option('--events <names>', 'comma-separated event names, or "all"')
    .option('--auth-header <name>', 'Bringg: the header that carries the secret')
    .option('--description <text>', 'free text')
    .option('--enable', 'resume delivery')
    .option('--disable', 'pause delivery')
    .action(async (id: string, o: Connection & Record<string, unknown>) => {
      if (o.enable && o.disable) throw new Error('--enable and --disable exclude each other');
      const body = endpointFields(o);
      if (Object.keys(body).length === 0) throw new Error('nothing to change: give at least one option');
      print(await call(o, 'PATCH', `webhooks/${encodeURIComponent(id)}`, body));
    });

  sub('delete <webhook_id>', 'Remove an endpoint and its queued deliveries').action(async (id: string, o: Connection) => {
    await call(o, 'DELETE', `webhooks/${encodeURIComponent(id)}`);
    process.stdout.write(`Deleted ${id}.\n`);
  });

  sub('rotate-secret <webhook_id>', 'New signing secret; the old one keeps signing alongside for the grace period')
    .option('--signing-secret <secret>', 'the new secret (default: generated)')
    .option('--grace-period <seconds>', 'seconds the previous secret still signs (default 86400; 0 = none)', seconds)
    .action(async (id: string, o: Connection & { signingSecret?: string; gracePeriod?: number }) => {
      const body: Body = {};
      if (o.signingSecret !== undefined) body.secret = o.signingSecret;
      if (o.gracePeriod !== undefined) body.grace_period_seconds = o.gracePeriod;
      print(await call(o, 'POST', `webhooks/${encodeURIComponent(id)}/rotate_secret`, body));
    });

  sub('deliveries <webhook_id>', 'The delivery log, newest first')
    .option('--state <state>', 'pending, delivered, rejected or dead')
    .option('--limit <n>', 'at most this many (1–500)', '100')
    .action(async (id: string, o: Connection & { state?: string; limit: string }) => {
      const q = new URLSearchParams({ limit: o.limit, ...(o.state ? { state: o.state } : {}) });
      print(await call(o, 'GET', `webhooks/${encodeURIComponent(id)}/deliveries?${q}`));
    });

  sub('retry <webhook_id> <delivery_id>', 'Send a dead or rejected delivery again, now').action(async (id: string, deliveryId: string, o: Connection) =>
    print(await call(o, 'POST', `webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`)),
  );
}
