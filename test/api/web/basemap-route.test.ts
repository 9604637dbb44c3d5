import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStreetExtract } from '../../helpers/street-extract.ts';
import { startWebServer, type WebServer } from '../../helpers/web-server.ts';

const URL_PATH = '/basemap/region.pmtiles';

describe('GET /basemap/region.pmtiles (DROPLINE_BASEMAP served by byte ranges)', () => {
  let server: WebServer;
  let bare: WebServer;
  let file: string;
  let bytes: Buffer;
  beforeAll(async () => {
    ({ file } = writeStreetExtract());
    bytes = readFileSync(file);
    [server, bare] = await Promise.all([startWebServer('pglite', { basemapFile: file }), startWebServer('pglite')]);
  });
  afterAll(async () => {
    await server?.close();
    await bare?.close();
  });
  const get = (headers: Record<string, string> = {}, method = 'GET') => fetch(server.url + URL_PATH, { method, headers });

  it('answers a range with 206, the bytes of that range, Content-Range and a strong ETag', async () => {
    const r = await get({ range: 'bytes=0-126' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 0-126/${bytes.length}`);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe('127');
    expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes.subarray(0, 127))).toBe(true);
  });

  it('cuts a range running past the end at the end (the first 16 KiB read of a small archive)', async () => {
    const r = await get({ range: 'bytes=100-999999999' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 100-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes.subarray(100))).toBe(true);
  });

  it('serves a suffix range, the whole file without a range, and only headers for HEAD', async () => {
    const suffix = await get({ range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const head = await get({ range: 'bytes=0-9' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 416 with the size for a range past the end, 304 for a matching If-None-Match', async () => {
    const r = await get({ range: `bytes=${bytes.length}-` });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    const etag = (await get({ range: 'bytes=0-0' })).headers.get('etag')!;
    expect((await get({ 'if-none-match': etag })).status).toBe(304);
  });

  it('sends the whole file when If-Range names an older ETag, and a new ETag once the file is replaced', async () => {
    const before = (await get({ range: 'bytes=0-0' })).headers.get('etag')!;
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
    expect(Number(stale.headers.get('content-length'))).toBe(bytes.length);
    await stale.arrayBuffer();
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('more')]));
    const after = await get({ range: 'bytes=0-0' });
    expect(after.headers.get('etag')).not.toBe(before);
    expect(after.headers.get('content-range')).toBe(`bytes 0-0/${bytes.length + 4}`);
    writeFileSync(file, bytes);
  });

  it('tells the pages where the basemap is, and does not exist without DROPLINE_BASEMAP', async () => {
    const html = await (await fetch(`${server.url}/app`)).text();
    expect(html).toContain('&quot;basemapUrl&quot;:&quot;/basemap/region.pmtiles&quot;');
    expect((await fetch(bare.url + URL_PATH)).status).toBe(404);
    expect(await (await fetch(`${bare.url}/app`)).text()).toContain('&quot;basemapUrl&quot;:null');
  });
});
