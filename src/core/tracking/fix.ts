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

/** Whether the fixes are oldest first (equal times allowed). */
export function inTimeOrder(fixes: readonly Fix[]): boolean {
  for (let i = 1; i < fixes.length; i++) if (fixes[i - 1]!.recordedAt.getTime() > fixes[i]!.recordedAt.getTime()) return false;
  return true;
}
