import { OUTBOX, tx } from './idb.ts';

export type QueuedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'blob'; blob: Blob; type: string };

/** What a queued action will do once it syncs (to a stop, or to the shift), so the app shows it before it has. */
export interface Effect {
  /** A stop_id, or `shift`. */
  target: string;
  state: string;
}

/** One request made by the driver (or one batch of fixes), kept until the server has acknowledged it. */
export interface Queued {
  seq?: number;
  /** The client action id: the server does a replayed action once, however often it arrives. */
  id: string;
  label: string;
  kind: 'action' | 'fixes';
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: QueuedBody;
  effect?: Effect;
  /** A 409 means the server is already past this step (an arrival the geofence recorded first): nothing to keep. */
  conflictIsDone?: boolean;
  createdAt: string;
  /** `rejected`: the server answered with a refusal that a retry cannot change; the driver sees why. */
  state: 'waiting' | 'rejected';
  error?: string;
}

export type Sender = (q: Queued) => Promise<Response>;

/** Statuses that say "try again later", as opposed to a refusal of the request itself. */
const isTransient = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

const MAX_BACKOFF_MS = 30_000;

/**
 * Every write goes through here, online or not: it is stored first, then sent in the order it was
 * made. A network failure or a transient status stops the replay (later actions may depend on this
 * one) and retries when the browser is back online or after a backoff.
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private backoff = 1000;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(items: Queued[]) => void>();
  /** Set when the server refused the credentials: replay waits for a new sign-in. */
  signedOut = false;
  onSynced: ((q: Queued, res: Response) => void) | null = null;

  constructor(private readonly send: Sender) {
    addEventListener('online', () => void this.flush());
  }

  subscribe(fn: (items: Queued[]) => void) {
    this.listeners.add(fn);
    void this.list().then(fn);
    return () => this.listeners.delete(fn);
  }

  list(): Promise<Queued[]> {
    return tx<Queued[]>(OUTBOX, 'readonly', (s) => s.getAll() as IDBRequest<Queued[]>);
  }

  async add(entry: Omit<Queued, 'seq' | 'state' | 'createdAt'>): Promise<void> {
    const q: Queued = { ...entry, state: 'waiting', createdAt: new Date().toISOString() };
    await tx(OUTBOX, 'readwrite', (s) => s.add(q));
    await this.changed();
    void this.flush();
  }

  async discard(seq: number) {
    await tx(OUTBOX, 'readwrite', (s) => s.delete(seq));
    await this.changed();
  }

  async retry(seq: number) {
    const item = (await this.list()).find((q) => q.seq === seq);
    if (!item) return;
    await tx(OUTBOX, 'readwrite', (s) => s.put({ ...item, state: 'waiting', error: undefined }));
    await this.changed();
    void this.flush();
  }

  /** Resolves when the queue is empty or blocked (offline, server down, signed out). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain() {
    if (this.signedOut) return;
    const waiting = (await this.list()).filter((q) => q.state === 'waiting');
    for (const q of waiting) {
      let res: Response;
      try {
        res = await this.send(q);
      } catch {
        this.retryLater();
        return;
      }
      if (res.ok) {
        await tx(OUTBOX, 'readwrite', (s) => s.delete(q.seq!));
        this.backoff = 1000;
        this.onSynced?.(q, res);
        await this.changed();
        continue;
      }
      if (res.status === 409 && q.conflictIsDone) {
        await tx(OUTBOX, 'readwrite', (s) => s.delete(q.seq!));
        await this.changed();
        continue;
      }
      if (res.status === 401) {
        this.signedOut = true;
        await this.changed();
        return;
      }
      if (isTransient(res.status)) {
        this.retryLater();
        return;
      }
      const error = await errorText(res);
      await tx(OUTBOX, 'readwrite', (s) => s.put({ ...q, state: 'rejected', error }));
      await this.changed();
    }
  }

  private retryLater() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  private async changed() {
    const items = await this.list();
    for (const fn of this.listeners) fn(items);
  }
}

async function errorText(res: Response): Promise<string> {
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } | string; message?: string } | null;
  const e = data?.error;
  return (typeof e === 'string' ? e : e?.message) ?? data?.message ?? `Refused (${res.status})`;
}
