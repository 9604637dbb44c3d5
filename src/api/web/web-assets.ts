import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An HTML template from the Vite build, filled per request; null when the pages were not built. */
export class WebAssets {
  private readonly templates = new Map<string, string>();

  constructor(readonly root: string) {}

  get built(): boolean {
    return existsSync(join(this.root, 'track', 'index.html'));
  }

  template(page: 'track' | 'dashboard' | 'driver' | 'route'): string | null {
    const cached = this.templates.get(page);
    if (cached) return cached;
    const file = join(this.root, page, 'index.html');
    if (!existsSync(file)) return null;
    const html = readFileSync(file, 'utf8');
    this.templates.set(page, html);
    return html;
  }
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Replaces the build's `<meta name="dropline-config">` with per-request values (no inline script, so CSP stays strict). */
export const withConfig = (html: string, config: Record<string, unknown>) =>
  html.replace(/<meta name="dropline-config"[^>]*>/, `<meta name="dropline-config" content="${escapeAttr(JSON.stringify(config))}">`);

/** Small HTML is compressed per request; it is never cached, so there is nothing to precompute. */
export function sendHtml(
  req: { headers: Record<string, string | string[] | undefined> },
  reply: { header(k: string, v: string): unknown; status(n: number): unknown; send(b: unknown): unknown },
  status: number,
  html: string,
  headers: Record<string, string>,
) {
  reply.status(status);
  reply.header('content-type', 'text/html; charset=utf-8');
  reply.header('cache-control', 'no-cache');
  reply.header('vary', 'accept, accept-encoding');
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzipSync(html));
  }
  return reply.send(html);
}
