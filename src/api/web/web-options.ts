/** How the web pages are configured (see docs/web.md). */
export interface WebOptions {
  /** Where the Vite build lives (dist/web). */
  root: string;
  /** DROPLINE_TILE_URL: an XYZ raster tile template; null = the shipped offline basemap only. */
  tileUrl: string | null;
  tileOrigin: string | null;
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
