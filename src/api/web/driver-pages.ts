import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pageHeaders } from './page-headers.ts';
import { sendHtml, type WebAssets, withConfig } from './web-assets.ts';
import type { WebOptions } from './web-options.ts';

/** The fixed-name files of the driver app (web/public/driver/ and the worker); anything else under /driver/ is not a file. */
const FILES: Record<string, { type: string; cache: string }> = {
  // A worker script is re-checked by the browser on every visit; no-cache keeps an update one load away.
  'sw.js': { type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  'manifest.webmanifest': { type: 'application/manifest+json; charset=utf-8', cache: 'no-cache' },
  'icon.svg': { type: 'image/svg+xml', cache: 'public, max-age=86400' },
  'icon-192.png': { type: 'image/png', cache: 'public, max-age=86400' },
  'icon-512.png': { type: 'image/png', cache: 'public, max-age=86400' },
};

/**
 * The driver app's shell at /driver and its worker, manifest and icons. The shell holds no data:
 * everything comes from /driver/api with the driver's own session (docs/driver-app.md).
 */
export function registerDriverPages(app: FastifyInstance, assets: WebAssets, options: WebOptions) {
  const headers = () => ({
    ...pageHeaders({ tileOrigin: options.tileOrigin, embeddable: false }),
    // The app takes pictures and the position; nothing else on this origin's pages needs them.
    'permissions-policy': 'camera=(self), geolocation=(self), microphone=()',
  });

  app.get('/driver', { schema: { hide: true } }, async (req, reply) => {
    const html = assets.template('driver');
    if (!html) return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
    return sendHtml(req, reply, 200, withConfig(html, {}), headers());
  });

  const cache = new Map<string, Buffer>();
  app.get('/driver/:file', { schema: { hide: true } }, async (req, reply) => {
    const { file } = req.params as { file: string };
    const meta = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (!meta) return reply.status(404).type('text/plain').send('Not found');
    let bytes = cache.get(file);
    if (!bytes) {
      try {
        bytes = readFileSync(join(assets.root, 'driver', file));
      } catch {
        return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
      }
      cache.set(file, bytes);
    }
    reply.header('content-type', meta.type);
    reply.header('cache-control', meta.cache);
    reply.header('x-content-type-options', 'nosniff');
    // The worker lives at /driver/sw.js but controls /driver itself, which is outside /driver/.
    if (file === 'sw.js') reply.header('service-worker-allowed', '/driver');
    return reply.send(bytes);
  });
}
