import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, freePort, runDropline, stopProcess, waitForHealthy } from '../helpers/process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VERSION = (JSON.parse(readFileSync(join(BIN, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** What someone trying Dropline for the first time meets: the banner, `/`, `--version`. */
describe('first contact (real process, embedded store)', () => {
  it('the banner names the dashboard, the docs and the GPS port and warns of a loopback public URL; / opens the dashboard', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dropline-first-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = runDropline(['serve'], { PORT: String(port), HOST: '127.0.0.1', DROPLINE_DATA_DIR: dataDir });
    try {
      await waitForHealthy(base, server);
      for (let waited = 0; !server.output().includes('Dashboard') && waited < 30_000; waited += 50) await sleep(50);
      const out = server.output();
      expect(out).toContain(`Dropline ${VERSION} is running (embedded store)`);
      expect(out).toContain(`${base}/app`);
      expect(out).toContain(`${base}/docs`);
      expect(out).toMatch(/OsmAnd\/Traccar Client on port \d+/);
      expect(out).toContain('Warning: DROPLINE_PUBLIC_URL');
      const root = await fetch(`${base}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/app');
    } finally {
      await stopProcess(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('--version prints the package version', async () => {
    const run = runDropline(['--version'], {});
    expect(await run.exited).toBe(0);
    expect(run.output().trim()).toBe(VERSION);
  }, 60_000);
});
