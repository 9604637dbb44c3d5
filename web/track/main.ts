import { createMap } from '../shared/create-map.ts';
import { openLiveStream } from '../shared/live-stream.ts';
import type { LngLat, MapView } from '../shared/map-view.ts';
import { readPageConfig } from '../shared/page-config.ts';
import { distanceInWords, durationInWords, timeOfDay } from '../shared/words.ts';
import './style.css';

interface PublicOrder {
  status: string;
  destination: { geometry: { type: string; coordinates: unknown }; address: string | null };
  arrived_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  end_location: { coordinates: LngLat } | null;
  eta: { arrive_at: string; remaining_distance: number; remaining_duration: number } | null;
  driver: { first_name: string } | null;
  path: LngLat[];
  expires_at: string | null;
  timeline: { type: string; recorded_at: string }[];
}

const EVENT_NAMES: Record<string, string> = {
  order_created: 'Order received',
  order_assigned: 'Driver assigned',
  order_started: 'On the way',
  order_geofence_entered: 'Driver arrived',
  order_completed: 'Delivered',
  order_cancelled: 'Cancelled',
};

const config = readPageConfig();
const $ = (id: string) => document.getElementById(id)!;
if (config.embed) document.body.classList.add('embed');

let order: PublicOrder | null = null;
let path: LngLat[] = [];
let marker: { position: LngLat; bearing: number | null } | null = null;
let map: MapView | null = null;
/** The view follows the driver until the customer moves the map themselves. */
let follow = true;
let expiryTimer: ReturnType<typeof setTimeout> | null = null;

const destinationPoint = (o: PublicOrder): LngLat | null => (o.destination.geometry.type === 'Point' ? (o.destination.geometry.coordinates as LngLat) : null);

function headline(o: PublicOrder, driver: string): { status: string; eta: string } {
  switch (o.status) {
    case 'completed':
      return { status: 'Delivered', eta: o.completed_at ? `Delivered at ${timeOfDay(o.completed_at)}` : '' };
    case 'cancelled':
      return { status: 'This delivery was cancelled', eta: '' };
    case 'disabled':
      return { status: 'Delivery paused', eta: '' };
    case 'ongoing':
      if (o.arrived_at) return { status: `${driver} has arrived`, eta: `Arrived at ${timeOfDay(o.arrived_at)}` };
      if (o.eta) {
        return {
          status: `${driver} is on the way`,
          eta: `Arriving in ${durationInWords(o.eta.remaining_duration)} · ${distanceInWords(o.eta.remaining_distance)} away`,
        };
      }
      return { status: `${driver} is on the way`, eta: '' };
    default:
      return { status: 'Preparing your delivery', eta: '' };
  }
}

function showExpired() {
  document.title = 'Tracking link expired';
  document.querySelector('main')!.innerHTML =
    '<section class="expired" data-state="expired"><h1>This tracking link has expired</h1><p>The delivery is finished.</p></section>';
}

function render() {
  if (!order) return;
  const o = order;
  const driver = o.driver?.first_name ?? 'Your driver';
  const h = headline(o, driver);
  const status = $('status');
  status.textContent = h.status;
  status.dataset.status = o.arrived_at && o.status === 'ongoing' ? 'arrived' : o.status;
  $('eta').textContent = h.eta;
  $('driver').textContent = o.driver && o.status !== 'cancelled' ? `Driver: ${o.driver.first_name}` : '';
  $('address').textContent = o.destination.address ? `To ${o.destination.address}` : '';
  $('timeline').replaceChildren(
    ...o.timeline.map((e) => {
      const li = document.createElement('li');
      li.dataset.type = e.type;
      const name = document.createElement('span');
      name.textContent = EVENT_NAMES[e.type] ?? e.type;
      const at = document.createElement('time');
      at.dateTime = e.recorded_at;
      at.textContent = timeOfDay(e.recorded_at);
      li.append(name, at);
      return li;
    }),
  );
  if (h.eta && !document.body.dataset.etaShown) {
    document.body.dataset.etaShown = 'true';
    performance.mark('dropline:eta-rendered');
  }
  if (expiryTimer) clearTimeout(expiryTimer);
  if (o.expires_at) expiryTimer = setTimeout(showExpired, Math.max(0, new Date(o.expires_at).getTime() - Date.now()));
  drawMap();
}

function drawMap() {
  if (!map || !order) return;
  const dest = destinationPoint(order);
  map.setDestination(dest);
  map.setPath(path);
  const finished = order.status === 'completed' || order.status === 'cancelled';
  map.setMarkers(marker && !finished ? [{ id: 'driver', position: marker.position, bearing: marker.bearing }] : []);
  if (follow) map.fit([...(dest ? [dest] : []), ...path, ...(marker ? [marker.position] : [])]);
  map.markRendered();
}

function onOrder(o: PublicOrder) {
  order = o;
  path = o.path.slice();
  // Location events are the marker's source; the order only places it before the first one.
  const last = path.at(-1) ?? o.end_location?.coordinates ?? null;
  if (last && !marker) marker = { position: last, bearing: null };
  render();
}

function onLocation(l: { lng: number; lat: number; bearing: number | null }) {
  const p: LngLat = [l.lng, l.lat];
  marker = { position: p, bearing: l.bearing };
  const last = path.at(-1);
  if (!last || last[0] !== p[0] || last[1] !== p[1]) path.push(p);
  drawMap();
}

async function main() {
  const code = config.shareCode ?? location.pathname.split('/')[2] ?? '';
  for (const ev of ['pointerdown', 'wheel', 'touchstart']) $('map').addEventListener(ev, () => (follow = false), { passive: true });
  createMap($('map'), config).then(
    (m) => {
      map = m;
      drawMap();
    },
    () => {},
  );
  const token = config.embedToken ? `?token=${encodeURIComponent(config.embedToken)}` : '';
  openLiveStream(
    `/t/${encodeURIComponent(code)}/stream${token}`,
    { order: onOrder, location: onLocation },
    {
      onState: (s) => {
        const c = $('connection');
        c.dataset.state = s;
        c.textContent = s === 'live' ? 'Live' : s === 'reconnecting' ? 'Reconnecting…' : s === 'closed' ? 'Offline' : 'Connecting…';
      },
      onGone: async () => {
        const r = await fetch(`/t/${encodeURIComponent(code)}${token}`, { headers: { accept: 'application/json' } }).catch(() => null);
        if (r?.status === 404 || r?.status === 401) showExpired();
      },
    },
  );
}

void main();
