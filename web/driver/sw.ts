// The driver app's service worker. No imports: it is emitted as one plain file at /driver/sw.js.
// The few worker types are declared here: the webworker lib cannot share a program with the DOM lib.

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const sw = self as unknown as WorkerScope;
const CACHE = 'dropline-driver-v1';
const SHELL = '/driver';
const STATIC = ['/driver/manifest.webmanifest', '/driver/icon.svg', '/driver/icon-192.png', '/driver/icon-512.png'];

/** The hashed scripts and styles the shell page names; cached at install so the app opens offline. */
function shellAssets(html: string): string[] {
  return [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!))];
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await fetch(SHELL, { cache: 'no-store' });
      if (!res.ok) throw new Error(`shell: ${res.status}`);
      const html = await res.clone().text();
      await cache.put(SHELL, res);
      await cache.addAll([...STATIC, ...shellAssets(html)]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.mode === 'navigate' && (url.pathname === SHELL || url.pathname.startsWith(`${SHELL}/`))) {
    event.respondWith(shell(req));
    return;
  }
  // Hashed assets never change, so the cache is always right for them; the rest of the API is not cached here.
  if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) event.respondWith(cacheFirst(req));
});

/** The shell from the network when there is one (it carries fresh config), the cached copy offline. */
async function shell(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok && new URL(req.url).pathname === SHELL) {
      await cache.put(SHELL, res.clone());
      const wanted = await shellAssets(await res.clone().text());
      await cache.addAll(wanted).catch(() => {});
      // A new build names new assets: drop the old build's, or the cache grows with every release.
      for (const key of await cache.keys()) {
        const path = new URL(key.url).pathname;
        if (path.startsWith('/assets/') && !wanted.includes(path)) await cache.delete(key);
      }
    }
    return res;
  } catch (e) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}
