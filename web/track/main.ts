import { createMap } from '../shared/create-map.ts';
import { openLiveStream } from '../shared/live-stream.ts';
import type { LngLat, MapView } from '../shared/map-view.ts';
import { readPageConfig } from '../shared/page-config.ts';
import { distanceInWords, durationInWords, timeOfDay } from '../shared/words.ts';
import './style.css';

interface PublicOrder {
  order_number: string;
  status: string;
  started_at: string | null;
  window: { from: string | null; to: string } | null;
  instructions: string | null;
  last_fix_at: string | null;
  account: { name: string | null; logo: string | null; color: string | null };
  destination: { geometry: { type: string; coordinates: unknown }; address: string | null };
  arrived_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  end_location: { coordinates: LngLat } | null;
  eta: { arrive_at: string; remaining_distance: number; remaining_duration: number } | null;
  driver: { first_name: string; photo: string | null; phone: string | null } | null;
  path: LngLat[];
  expires_at: string | null;
  /** The driver app's proof, once delivered and where the account shows it; the URLs are signed and expire. */
  proof: { photo_url: string | null; signature_url: string | null; completed_at: string | null } | null;
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
/** The newest fix the page knows of: the order's, then every location event's. */
let lastFixAt: number | null = null;
/** A phone that has not reported for this long is called silent on the page. */
const SILENT_MS = 3 * 60_000;

const finished = (o: PublicOrder) => o.status === 'completed' || o.status === 'cancelled';

function dayAndTime(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? timeOfDay(iso) : `${d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} ${timeOfDay(iso)}`;
}

/** Before the trip starts, the promised window is what the customer plans around. */
function windowText(o: PublicOrder): string {
  if (!o.window || o.started_at || finished(o) || o.status === 'disabled') return '';
  return o.window.from ? `Expected between ${dayAndTime(o.window.from)} and ${timeOfDay(o.window.to)}` : `Expected by ${dayAndTime(o.window.to)}`;
}

/** The driver's phone has gone quiet during the trip: say so instead of showing a confident "on the way". */
function renderSilence() {
  const el = $('silent');
  const o = order;
  const since = lastFixAt ?? (o?.started_at ? new Date(o.started_at).getTime() : null);
  const silent = !!o && o.status === 'ongoing' && !o.arrived_at && since !== null && Date.now() - since > SILENT_MS;
  el.hidden = !silent;
  document.body.dataset.silent = String(silent);
  if (!silent || !o) return;
  const name = o.driver?.first_name ?? 'the driver';
  el.textContent =
    lastFixAt === null
      ? `We have not received a position from ${name}'s phone since the trip started at ${timeOfDay(o.started_at!)}. The delivery is still on its way; the map will update when the phone reconnects.`
      : `We have not heard from ${name}'s phone since ${timeOfDay(new Date(lastFixAt).toISOString())}. The position shown may be out of date.`;
}
setInterval(renderSilence, 15_000);

let branded = false;
function renderBrand(a: PublicOrder['account']) {
  if (branded) return;
  branded = true;
  if (a.color) document.documentElement.style.setProperty('--brand', a.color);
  if (!a.name && !a.logo) return;
  $('brand').hidden = false;
  $('brand-name').textContent = a.name ?? '';
  if (a.logo) {
    const img = $('brand-logo') as HTMLImageElement;
    img.src = a.logo;
    img.alt = a.name ?? '';
    img.hidden = false;
  }
  if (a.name) document.title = `${a.name} · Track your delivery`;
}

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
  renderBrand(o.account);
  $('order-number').textContent = `Order ${o.order_number}`;
  $('window').textContent = windowText(o);
  const showDriver = !!o.driver && o.status !== 'cancelled';
  $('driver-card').hidden = !showDriver;
  $('driver').textContent = showDriver ? `Driver: ${o.driver!.first_name}` : '';
  const photo = $('driver-photo') as HTMLImageElement;
  photo.hidden = !(showDriver && o.driver!.photo);
  if (showDriver && o.driver!.photo && photo.getAttribute('src') !== o.driver!.photo) photo.src = o.driver!.photo;
  const contact = $('contact') as HTMLAnchorElement;
  const phone = showDriver && !finished(o) ? o.driver!.phone : null;
  contact.hidden = !phone;
  if (phone) {
    contact.href = `tel:${phone.replace(/[^\d+]/g, '')}`;
    contact.textContent = `Call ${o.driver!.first_name}`;
  }
  $('address').textContent = o.destination.address ? `To ${o.destination.address}` : '';
  $('instructions').textContent = o.instructions && !finished(o) ? `Delivery instructions: ${o.instructions}` : '';
  renderProof(o.proof);
  if (o.last_fix_at) lastFixAt = Math.max(lastFixAt ?? 0, new Date(o.last_fix_at).getTime());
  renderSilence();
  // Once the delivery is over there is nothing live to follow.
  $('connection').hidden = finished(o);
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

function renderProof(p: PublicOrder['proof']) {
  $('proof').hidden = !p;
  $('proof-time').textContent = p?.completed_at ? `Proof of delivery · ${dayAndTime(p.completed_at)}` : p ? 'Proof of delivery' : '';
  for (const [id, url] of [
    ['proof-photo', p?.photo_url ?? null],
    ['proof-signature', p?.signature_url ?? null],
  ] as const) {
    const img = $(id) as HTMLImageElement;
    img.hidden = !url;
    // A re-sent order carries freshly signed URLs: keep the image already shown.
    if (url && !img.getAttribute('src')) img.src = url;
  }
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

function onLocation(l: { lng: number; lat: number; bearing: number | null; recorded_at: string }) {
  const p: LngLat = [l.lng, l.lat];
  marker = { position: p, bearing: l.bearing };
  lastFixAt = Math.max(lastFixAt ?? 0, new Date(l.recorded_at).getTime());
  renderSilence();
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
