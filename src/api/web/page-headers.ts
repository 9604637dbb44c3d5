export interface PageHeaderOptions {
  /** Origin of the configured tile server, allowed for images and fetches; null = none. */
  tileOrigin: string | null;
  /** The embeddable tracking page may be framed by any site; every other page by none. */
  embeddable: boolean;
}

/**
 * Everything the pages load comes from this server (the basemap ships in the bundle), so the
 * policy is `'self'` plus the tile server when one is configured. MapLibre runs its worker from
 * a blob: URL and sets inline styles on its canvas container.
 */
export function pageHeaders(o: PageHeaderOptions): Record<string, string> {
  const tiles = o.tileOrigin ? ` ${o.tileOrigin}` : '';
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles}`,
    `connect-src 'self'${tiles}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${o.embeddable ? '*' : "'none'"}`,
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(o.embeddable ? {} : { 'x-frame-options': 'DENY' }),
  };
}
