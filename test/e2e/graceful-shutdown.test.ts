import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/api.ts';
import { orderItem } from '../helpers/fixtures.ts';
import { freePort, runDropline, stopProcess, waitForHealthy } from '../helpers/process.ts';
import { openSse } from '../helpers/sse.ts';
import { seededDataDir } from '../helpers/store-templates.ts';
import { freshDatabase } from '../helpers/stores.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM while clients are writing and a live stream is open: the process stops accepting,
 * finishes what it acknowledged, ends the stream and exits 0; a server started afterwards on the
 * same store has every acknowledged order.
 */
describe.each(['pglite', 'postgres'] as const)('graceful shutdown under load (%s, real processes)', (kind) => {
  it('exits 0 on SIGTERM and loses no acknowledged write', async () => {
    // Migrated stores: the first start on an empty one is first-contact's and live-fanout's test.
    const dataDir = seededDataDir('dropline-term-');
    const db = kind === 'postgres' ? await freshDatabase({ migrated: true }) : null;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DROPLINE_DATA_DIR: dataDir, ...(db ? { DATABASE_URL: db.url } : {}) };
    try {
      const server = runDropline(['serve'], env);
      await waitForHealthy(base, server);
      // The first account is printed just after the server starts listening.
      for (let waited = 0; !/secret_key: \S+/.test(server.output()) && waited < 30_000; waited += 50) await sleep(50);
      const out = server.output();
      const auth = basicAuth(/account_id: (\S+)/.exec(out)![1]!, /secret_key: (\S+)/.exec(out)![1]!);
      const sse = await openSse(`${base}/stream`, { authorization: auth });
      const acknowledged: string[] = [];
      let running = true;
      let seq = 0;
      const writers = Array.from({ length: 8 }, async () => {
        while (running) {
          const handle = `term-${seq++}`;
          try {
            const r = await fetch(`${base}/orders`, {
              method: 'POST',
              headers: { authorization: auth, 'content-type': 'application/json' },
              body: JSON.stringify({ plan_mode: 'manual', orders: [orderItem(handle)] }),
            });
            if (r.status === 201) acknowledged.push(handle);
          } catch {
            // refused once the server stopped listening: never acknowledged
            await sleep(20);
          }
        }
      });
      // The first creates load the region data; signal once writes are flowing.
      for (let waited = 0; acknowledged.length < 30 && waited < 60_000; waited += 50) await sleep(50);
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);
      server.child.kill('SIGTERM');
      const code = await server.exited;
      running = false;
      await Promise.all(writers);
      sse.close();
      expect(code, server.output().slice(-2000)).toBe(0);

      const again = runDropline(['serve'], env);
      try {
        await waitForHealthy(base, again);
        const missing: string[] = [];
        for (const handle of acknowledged) {
          const r = await fetch(`${base}/orders/${handle}`, { headers: { authorization: auth } });
          if (r.status !== 200) missing.push(handle);
        }
        expect(missing).toEqual([]);
      } finally {
        await stopProcess(again);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db?.drop();
    }
  }, 120_000);
});
