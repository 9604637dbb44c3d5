import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/app.ts';
import { type Config, loadConfig } from '../../../src/config.ts';
import { noRegions } from '../../../src/core/region.ts';
import { basicAuth } from '../../helpers/api.ts';
import { seededDataDir } from '../../helpers/store-templates.ts';
import { freshDatabase, STORE_KINDS } from '../../helpers/stores.ts';
import { storedFixes } from './stored.ts';

describe('DROPLINE_OSMAND_PORT', () => {
  it.each([
    [undefined, 5055],
    ['', 5055],
    ['5056', 5056],
    ['0', 0],
    ['off', null],
    ['OFF', null],
  ])('%j → %j', (value, port) => {
    expect(loadConfig(value === undefined ? {} : { DROPLINE_OSMAND_PORT: value }).osmandPort).toBe(port);
  });

  it.each(['abc', '-1', '70000', '50.5'])('%j is refused at start', (value) => {
    expect(() => loadConfig({ DROPLINE_OSMAND_PORT: value })).toThrow(`DROPLINE_OSMAND_PORT must be a port number or off, not ${value}`);
  });
});

describe.each(STORE_KINDS)('the dedicated OsmAnd port over real sockets on %s', (kind) => {
  let server: RunningServer;
  let auth: string;
  let cleanup: () => Promise<void>;
  const config = async (osmandPort: number | null): Promise<{ config: Config; cleanup: () => Promise<void> }> => {
    const base = {
      port: 0,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:0',
      logLevel: 'silent',
      osmandPort,
      webhooks: { allowPrivateUrls: false, retryHorizonSeconds: 86_400 },
    };
    if (kind === 'postgres') {
      const db = await freshDatabase({ migrated: true });
      return { config: { ...base, dataDir: '', databaseUrl: db.url }, cleanup: db.drop };
    }
    const dir = seededDataDir('dropline-osmand-');
    return { config: { ...base, dataDir: dir, databaseUrl: undefined }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  };

  beforeAll(async () => {
    const c = await config(0);
    cleanup = c.cleanup;
    server = await startServer(c.config, {
      regions: noRegions,
      onFirstAccount: (creds) => {
        auth = basicAuth(creds.account_id, creds.secret_key);
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  const newDevice = async () => {
    const handle = `w-${Math.random().toString(36).slice(2)}`;
    const r = await fetch(`${server.url}/workers`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ worker_handle: handle, device_id: `${handle}-phone` }),
    });
    expect(r.status).toBe(201);
    return `${handle}-phone`;
  };
  // The system clock runs here: fixes from just before now.
  const recently = () => Math.floor(Date.now() / 1000) - 60;

  it('listens beside the main port and answers a stock Traccar Client on / with 200 and an empty body', async () => {
    expect(server.osmandUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.osmandUrl).not.toBe(server.url);
    const deviceId = await newDevice();
    const ts = recently();
    const r = await fetch(`${server.osmandUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${deviceId}&lat=52.52&lon=13.405&timestamp=${ts}&speed=10&batt=80`,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe('0');
    expect(await r.text()).toBe('');
    const [fix] = await storedFixes(server.deps, deviceId);
    expect(fix).toMatchObject({ recorded_at: new Date(ts * 1000).toISOString(), lat: 52.52, lng: 13.405, speed: 10 / 1.943844, battery: 80 });
  });

  it('every path and method is the OsmAnd endpoint there, and its errors are the protocol errors', async () => {
    const deviceId = await newDevice();
    const get = await fetch(`${server.osmandUrl}/any/path?id=${deviceId}&lat=1.5&lon=2.5&timestamp=${recently()}`);
    expect([get.status, await get.text()]).toEqual([200, '']);
    const unknown = await fetch(`${server.osmandUrl}/?id=NO-SUCH-DEVICE&lat=1&lon=2`, { method: 'POST' });
    expect([unknown.status, await unknown.text()]).toEqual([400, 'Unknown device']);
    expect(await storedFixes(server.deps, deviceId)).toHaveLength(1);
    // Nothing but OsmAnd lives on that port: the native API is not reachable through it.
    const native = await fetch(`${server.osmandUrl}/orders`, { headers: { authorization: auth } });
    expect([native.status, await native.text()]).toEqual([400, 'Missing device id']);
  });

  it('the main port serves the same endpoint at /osmand', async () => {
    const deviceId = await newDevice();
    const r = await fetch(`${server.url}/osmand?id=${deviceId}&lat=3.5&lon=4.5&timestamp=${recently()}`, { method: 'POST' });
    expect([r.status, await r.text()]).toEqual([200, '']);
    expect(await storedFixes(server.deps, deviceId)).toHaveLength(1);
  });
});

describe('DROPLINE_OSMAND_PORT=off', () => {
  it('starts no second listener', async () => {
    const dir = seededDataDir('dropline-osmand-off-');
    const server = await startServer(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        databaseUrl: undefined,
        publicUrl: 'http://localhost:0',
        logLevel: 'silent',
        osmandPort: null,
        webhooks: { allowPrivateUrls: false, retryHorizonSeconds: 86_400 },
      },
      { regions: noRegions },
    );
    try {
      expect(server.osmandUrl).toBeNull();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
