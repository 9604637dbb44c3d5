import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageHeaders } from './page-headers.ts';
import { sendHtml, type WebAssets, withConfig } from './web-assets.ts';
import { mapConfig, type WebOptions } from './web-options.ts';

/** A page with one message and no data of any order. */
const messagePage = (title: string, state: string, heading: string, text: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f5f7;color:#1d2330}
main{max-width:26rem;padding:2rem;text-align:center}h1{font-size:1.4rem;margin:0 0 .5rem}</style></head>
<body><main data-state="${state}"><h1>${heading}</h1>
<p>${text}</p></main></body></html>`;

const NOT_FOUND_HTML = messagePage(
  'Tracking link not found',
  'not-found',
  'This tracking link has expired or does not exist',
  'Links stop working some time after the delivery is finished. If you are still waiting for a delivery, ask the sender for a new link.',
);

const REFUSED_HTML = messagePage(
  'Embed link not valid',
  'refused',
  'This secure embed link has expired or is not valid',
  'Secure embed links work for a limited time. Ask for a new link.',
);

/** The tracking page behind a share URL, and the page for unknown or expired codes. */
export class SharePages {
  constructor(
    private readonly assets: WebAssets,
    private readonly opts: WebOptions,
  ) {}

  /** `embedToken`: a secure embed link's token, which the page sends with each of its own requests. */
  track(req: FastifyRequest, reply: FastifyReply, code: string, embed: boolean, embedToken?: string) {
    const html = this.assets.template('track');
    if (!html) return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
    const config = { shareCode: code, embed, ...mapConfig(this.opts), ...(embedToken ? { embedToken } : {}) };
    return sendHtml(req, reply, 200, withConfig(html, config), pageHeaders({ tileOrigin: this.opts.tileOrigin, embeddable: embed }));
  }

  notFound(req: FastifyRequest, reply: FastifyReply, embed: boolean) {
    return sendHtml(req, reply, 404, NOT_FOUND_HTML, pageHeaders({ tileOrigin: null, embeddable: embed }));
  }

  /** A secure embed link whose token expired, was altered or names another order: it shows nothing of the order. */
  refused(req: FastifyRequest, reply: FastifyReply, embed: boolean) {
    return sendHtml(req, reply, 401, REFUSED_HTML, pageHeaders({ tileOrigin: null, embeddable: embed }));
  }
}
