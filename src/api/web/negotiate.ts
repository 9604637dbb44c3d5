import type { FastifyRequest } from 'fastify';

/**
 * Content negotiation for the share URL: browsers ask for text/html first; API clients send
 * application/json, `*\/*` or nothing, and keep getting JSON.
 */
export function prefersHtml(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.indexOf('application/json');
  return json < 0 || html < json;
}
