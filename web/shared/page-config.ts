/** Per-request settings the server writes into `<meta name="dropline-config">` (no inline script: CSP). */
export interface PageConfig {
  shareCode?: string;
  /** The route page (/app/routes/<handle>). */
  routeHandle?: string;
  embed?: boolean;
  tileUrl?: string | null;
  /** Where this server serves the operator's PMTiles basemap (DROPLINE_BASEMAP); null = none. */
  basemapUrl?: string | null;
  /** A secure embed link's token: the page sends it with each request it makes for the order. */
  embedToken?: string;
}

export function readPageConfig(): PageConfig {
  const raw = document.querySelector('meta[name="dropline-config"]')?.getAttribute('content');
  try {
    return raw ? (JSON.parse(raw) as PageConfig) : {};
  } catch {
    return {};
  }
}
