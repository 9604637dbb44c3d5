import pg from 'pg';

export interface ListenOptions {
  /** Called after a lost LISTEN connection is back: notifications sent meanwhile were missed. */
  onReconnect?: () => void;
  onError?: (err: unknown) => void;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;

/**
 * LISTEN on a connection of its own (a pooled one would lose the subscription when released)
 * that outlives the server going away: a restart, a failover or pg_terminate_backend. Every
 * failure — an error, an unexpected end, a connect that fails while the server is still down —
 * schedules one reconnect, with exponential backoff up to 2 s, which re-issues the LISTEN.
 */
export async function listenResilient(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  opts: ListenOptions = {},
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | null = null;

  const open = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    let lost = false;
    const onLost = (err?: unknown) => {
      if (lost) return;
      lost = true;
      if (err) opts.onError?.(err);
      if (client === c) client = null;
      c.end().catch(() => {});
      schedule();
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    await c.connect();
    await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    if (lost || closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      open().then(
        () => {
          if (closed || !client) return;
          retryMs = FIRST_RETRY_MS;
          opts.onReconnect?.();
        },
        (err) => {
          opts.onError?.(err);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          schedule();
        },
      );
    }, retryMs);
    timer.unref();
  };

  await open();
  return async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}
