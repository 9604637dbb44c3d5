/** What the start banner says where to go; addresses as a user on this machine reaches them. */
export interface BannerInfo {
  version: string;
  /** The address the server answers on from this machine, e.g. http://127.0.0.1:8080 */
  url: string;
  /** DROPLINE_PUBLIC_URL as configured (the base of share links and webhooks' links). */
  publicUrl: string;
  store: 'pglite' | 'postgres';
  /** The dedicated OsmAnd/Traccar Client port; null when it is off. */
  osmandPort: number | null;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|0\.0\.0\.0)$/i;

/** Whether a public URL only works on this machine (a phone or a customer cannot open it). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The lines `dropline serve` prints once it listens. */
export function startBanner(b: BannerInfo): string[] {
  const lines = [
    `Dropline ${b.version} is running (${b.store === 'pglite' ? 'embedded store' : 'PostgreSQL'}).`,
    `  Dashboard        ${b.url}/app`,
    `  API reference    ${b.url}/docs   (OpenAPI: ${b.url}/openapi.json)`,
    `  Share links      ${b.publicUrl}/t/<code>`,
    b.osmandPort === null
      ? '  GPS apps         dedicated OsmAnd/Traccar port off (DROPLINE_OSMAND_PORT=off); the API port takes them'
      : `  GPS apps         OsmAnd/Traccar Client on port ${b.osmandPort} (docs/gps-apps.md)`,
  ];
  if (isLoopbackUrl(b.publicUrl)) {
    lines.push(
      '',
      `Warning: DROPLINE_PUBLIC_URL is ${b.publicUrl}, a loopback address: share links and tracking pages open only on this`,
      '  machine, and phones cannot reach it. Set DROPLINE_PUBLIC_URL to the address customers and drivers use.',
    );
  }
  return lines;
}
