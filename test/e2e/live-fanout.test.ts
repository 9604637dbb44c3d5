import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/api.ts';
import { freePort, runDropline, type Spawned, waitForHealthy, stopProcess } from '../helpers/process.ts';
import { openSse } from '../helpers/sse.ts';
import { freshDatabase } from '../helpers/stores.ts';

/** Two servers on one PostgreSQL: a fix accepted by one reaches an SSE subscriber of the other. */
describe('live fan-out across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: { proc: Spawned; base: string }[] = [];
  let auth: string;

  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = runDropline(['serve'], { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url });
      const base = `http://127.0.0.1:${port}`;
      await waitForHealthy(base, proc);
      servers.push({ proc, base });
    }
    const out = servers[0]!.proc.output();
    auth = basicAuth(/account_id: (\S+)/.exec(out)![1]!, /secret_key: (\S+)/.exec(out)![1]!);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) {
      await stopProcess(s.proc);
    }
    await db.drop();
  });

  it('a fix posted to server A is streamed by server B', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const post = (path: string, body: unknown) =>
      fetch(`${a.base}${path}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/workers', { worker_handle: 'w', device_id: 'FANOUT-1' })).status).toBe(201);
    const sse = await openSse(`${b.base}/stream`, { authorization: auth });
    await sse.next((e) => e.event === 'ready');
    const at = new Date(Date.now() - 1000).toISOString();
    expect((await post('/devices/FANOUT-1/locations', [{ recorded_at: at, lat: 48.85, lng: 2.35 }])).status).toBe(200);
    const loc = await sse.next((e) => e.event === 'location');
    expect(loc.data).toMatchObject({ device_id: 'FANOUT-1', lat: 48.85, lng: 2.35, recorded_at: at });
    sse.close();
  }, 60_000);
});
