/** Links that hand the trip to the phone's own maps app; Dropline itself never calls a map service. */
export interface MapLinks {
  geo: string;
  apple: string;
  google: string;
}

export function mapLinks(lng: number, lat: number, label: string | null): MapLinks {
  const at = `${lat},${lng}`;
  const q = label ? `${at}(${encodeURIComponent(label)})` : at;
  return {
    // Android: opens the chooser of installed map apps.
    geo: `geo:${at}?q=${q}`,
    apple: `https://maps.apple.com/?daddr=${encodeURIComponent(at)}&dirflg=d`,
    google: `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(at)}&travelmode=driving`,
  };
}

export type Platform = 'ios' | 'android' | 'other';

export function platformOf(ua: string, maxTouchPoints: number): Platform {
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1)) return 'ios';
  if (/Android/.test(ua)) return 'android';
  return 'other';
}

/** The link the Navigate button opens: Apple Maps on iOS, the geo: chooser on Android, Google's web directions elsewhere. */
export function preferredLink(links: MapLinks, platform: Platform): string {
  if (platform === 'ios') return links.apple;
  if (platform === 'android') return links.geo;
  return links.google;
}
