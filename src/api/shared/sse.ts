import type { FastifyReply, FastifyRequest } from 'fastify';

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
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const fn of closers) fn();
  };
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
