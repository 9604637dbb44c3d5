export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * An EventSource that tells the page how it is doing. The browser reconnects by itself after a
 * dropped connection (the server sends `retry: 3000`); when the server refuses the stream outright
 * (the link expired, the session ended) EventSource gives up, and `onGone` decides what to show.
 */
export function openLiveStream(
  url: string,
  // biome-ignore lint/suspicious/noExplicitAny: each handler declares the data of its own event
  handlers: Record<string, (data: any) => void>,
  opts: { onState?: (s: StreamState) => void; onGone?: () => void } = {},
): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const connect = () => {
    opts.onState?.('connecting');
    source = new EventSource(url);
    source.onopen = () => opts.onState?.('live');
    source.onerror = () => {
      if (!source || stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        opts.onState?.('closed');
        opts.onGone?.();
        // A refused stream may also be a restarting server: try again later, gently.
        retry = setTimeout(connect, 10_000);
      } else {
        opts.onState?.('reconnecting');
      }
    };
    for (const [event, fn] of Object.entries(handlers)) {
      source.addEventListener(event, (e) => fn(JSON.parse((e as MessageEvent<string>).data)));
    }
  };
  connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    source?.close();
  };
}
