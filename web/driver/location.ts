/** One position as the native batch endpoint takes it (POST /devices/{id}/locations). */
export interface Fix {
  recorded_at: string;
  lat: number;
  lng: number;
  accuracy: number | null;
  altitude: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
}

interface BatteryLike {
  level: number;
}

/** Sent at once when this many are waiting, or when the oldest waiting one is this old. */
const BATCH_SIZE = 20;
const BATCH_MS = 10_000;

/**
 * Watches the browser's position while the driver is on shift and the app is open, and hands the
 * fixes over in batches. `sink` stores a batch in the outbox, so batches made offline go out later
 * in order, and the server's (device, recorded_at) idempotency makes any resend harmless.
 */
export class LocationWatch {
  private watchId: number | null = null;
  private buffer: Fix[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private battery: BatteryLike | null = null;
  private sentFirst = false;
  last: Fix | null = null;
  onFix: ((f: Fix) => void) | null = null;
  onError: ((message: string) => void) | null = null;

  constructor(private readonly sink: (fixes: Fix[]) => Promise<void>) {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryLike> };
    nav.getBattery?.().then(
      (b) => {
        this.battery = b;
      },
      () => {},
    );
  }

  get watching() {
    return this.watchId !== null;
  }

  start() {
    if (this.watchId !== null || !('geolocation' in navigator)) {
      if (!('geolocation' in navigator)) this.onError?.('This browser cannot share its location');
      return;
    }
    this.sentFirst = false;
    this.watchId = navigator.geolocation.watchPosition(
      (p) => this.add(p),
      (e) => this.onError?.(e.code === e.PERMISSION_DENIED ? 'Location is blocked: allow it in the browser settings' : 'Location unavailable'),
      { enableHighAccuracy: true, maximumAge: 5000 },
    );
  }

  async stop() {
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
    await this.flush();
  }

  /** Hands over whatever is buffered; called before every action so fixes and actions keep their order. */
  async flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.sink(batch);
  }

  private add(p: GeolocationPosition) {
    const c = p.coords;
    const fix: Fix = {
      recorded_at: new Date(p.timestamp).toISOString(),
      lat: c.latitude,
      lng: c.longitude,
      accuracy: Number.isFinite(c.accuracy) ? c.accuracy : null,
      altitude: c.altitude,
      speed: c.speed !== null && c.speed >= 0 ? c.speed : null,
      bearing: c.heading !== null && Number.isFinite(c.heading) && c.heading >= 0 && c.heading <= 360 ? c.heading : null,
      battery: this.battery ? Math.round(this.battery.level * 100) : null,
    };
    // The same timestamp twice (a watcher re-delivering a cached position) would be a duplicate anyway.
    if (this.last?.recorded_at === fix.recorded_at && this.last.lat === fix.lat && this.last.lng === fix.lng) return;
    this.last = fix;
    this.buffer.push(fix);
    this.onFix?.(fix);
    // The first fix of a shift goes at once, so the dispatcher sees the driver straight away.
    if (!this.sentFirst || this.buffer.length >= BATCH_SIZE) {
      this.sentFirst = true;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
    }
  }
}
