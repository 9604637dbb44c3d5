/** One GPS fix, normalised: degrees, metres, m/s, percent; `recordedAt` is the fix time, not receipt. */
export interface Fix {
  recordedAt: Date;
  lng: number;
  lat: number;
  altitude: number | null;
  accuracy: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
  activity: string | null;
}
