import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageHeaders } from './page-headers.ts';
import { sendHtml, type WebAssets, withConfig } from './web-assets.ts';
import type { WebOptions } from './web-options.ts';

const NOT_FOUND_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tracking link not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f5f7;color:#1d2330}
main{max-width:26rem;padding:2rem;text-align:center}h1{font-size:1.4rem;margin:0 0 .5rem}</style></head>
<body><main data-state="not-found"><h1>This tracking link has expired or does not exist</h1>
<p>Links stop working some time after the delivery is finished. If you are still waiting for a delivery, ask the sender for a new link.</p></main></body></html>`;

/** The tracking page behind a share URL, and the page for unknown or expired codes. */
export class SharePages {
  constructor(
    private readonly assets: WebAssets,
    private readonly opts: WebOptions,
  ) {}

  track(req: FastifyRequest, reply: FastifyReply, code: string, embed: boolean) {
    const html = this.assets.template('track');
    if (!html) return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
    const config = { shareCode: code, embed, tileUrl: this.opts.tileUrl };
    return sendHtml(req, reply, 200, withConfig(html, config), pageHeaders({ tileOrigin: this.opts.tileOrigin, embeddable: embed }));
  }

  notFound(req: FastifyRequest, reply: FastifyReply, embed: boolean) {
    return sendHtml(req, reply, 404, NOT_FOUND_HTML, pageHeaders({ tileOrigin: null, embeddable: embed }));
  }
}
