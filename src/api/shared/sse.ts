import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Ends every open live stream: a stream never ends by itself, so shutdown would wait forever. */
    liveStreams?: Set<() => void>;
  }
}

/** On close, end the streams first; then in-flight requests finish and the server can stop. */
export function endStreamsOnClose(app: FastifyInstance): void {
  const streams = new Set<() => void>();
  app.decorate('liveStreams', streams);
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
}

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Runs `fn` once when the client goes away (or the server closes the stream). */
  onClose(fn: () => void): void;
}

/**
 * Turns the reply into a Server-Sent Events stream. A comment line every `heartbeatMs` keeps
 * proxies from closing an idle stream; `retry` tells EventSource to reconnect after 3 s.
 */
export function openEventStream(req: FastifyRequest, reply: FastifyReply, heartbeatMs = 15_000): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  let id = 0;
  const closers: (() => void)[] = [];
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  let closed = false;
  const registry = req.server.liveStreams;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    registry?.delete(end);
    for (const fn of closers) fn();
  };
  // The client reconnects (retry: 3000) to whichever server is up next.
  const end = () => {
    close();
    res.end();
  };
  registry?.add(end);
  req.raw.on('close', close);
  res.on('close', close);
  return {
    send(event, data) {
      if (!closed) res.write(`id: ${++id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}

/**
 * Re-sends a record on a stream each time `changed()` is called (a live notification): one read
 * at a time, the next started only once the previous one was sent, so a slow read can never send
 * an older version after a newer one; calls during a read fold into one more read; and a read
 * that finds the version last sent (a notification for a change the stream already showed)
 * sends nothing. `sent` is the version the stream opened with.
 */
export function resender<V>(opts: {
  read: () => Promise<V | null>;
  versionOf: (v: V) => string | undefined;
  send: (v: V) => void;
  sent: string | undefined;
}): () => void {
  let sent = opts.sent;
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    try {
      do {
        again = false;
        const v = await opts.read().catch(() => null);
        if (!v) continue;
        const version = opts.versionOf(v);
        if (version !== undefined && version === sent) continue;
        sent = version;
        opts.send(v);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
