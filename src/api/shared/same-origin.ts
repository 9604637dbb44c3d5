import type { FastifyRequest } from 'fastify';

/** Whether a browser-sent Origin (when present) is this server itself: cross-site writes are refused. */
export function isSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
