/** A minimal SSE client over fetch, for tests: collects events and waits for the one you want. */
export interface SseEvent {
  event: string;
  data: any;
}

export interface SseClient {
  events: SseEvent[];
  next(predicate: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            events.push({ event, data: JSON.parse(data) });
            for (const w of waiters.splice(0)) w();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async next(predicate, ms = 10_000) {
      const deadline = Date.now() + ms;
      let seen = 0;
      for (;;) {
        const found = events.slice(seen).find(predicate);
        if (found) return found;
        seen = 0;
        if (Date.now() > deadline) throw new Error(`no matching SSE event; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => abort.abort(),
  };
}
