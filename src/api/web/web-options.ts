import { BASEMAP_PATH } from './basemap-route.ts';

/** How the web pages are configured (see docs/web.md). */
export interface WebOptions {
  /** Where the Vite build lives (dist/web). */
  root: string;
  /** DROPLINE_TILE_URL: an XYZ raster tile template; null = the shipped offline basemap only. */
  tileUrl: string | null;
  tileOrigin: string | null;
  /** DROPLINE_BASEMAP: the operator's PMTiles file, served at BASEMAP_PATH; null = the shipped world basemap only. */
  basemapFile: string | null;
  /** DROPLINE_SHARE_EXPIRY_HOURS */
  shareExpiryHours: number;
  /** DROPLINE_SESSION_HOURS: how long a dashboard sign-in lasts. */
  sessionHours: number;
  /** Set the session cookie's Secure flag (when the public URL is https). */
  secureCookies: boolean;
}

export const tileOriginOf = (tileUrl: string | null): string | null => {
  if (!tileUrl) return null;
  try {
    return new URL(tileUrl.replace(/[{}]/g, '')).origin;
  } catch {
    return null;
  }
};

/** What the pages' maps need to know: the raster tile template and where the operator's basemap is served. */
export const mapConfig = (o: WebOptions) => ({ tileUrl: o.tileUrl, basemapUrl: o.basemapFile ? BASEMAP_PATH : null });
