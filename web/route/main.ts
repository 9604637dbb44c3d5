import { createMap } from '../shared/create-map.ts';
import type { LngLat, MapView } from '../shared/map-view.ts';
import { readPageConfig } from '../shared/page-config.ts';
import { timeOfDay } from '../shared/words.ts';
import './style.css';

interface RouteEmbedView {
  route_handle: string;
  status: string;
  driver: { first_name: string } | null;
  position: { lng: number; lat: number; bearing: number | null; recorded_at: string } | null;
  stops: { order_number: string; status: string; destination: LngLat | null; address: string | null; arrived_at: string | null; eta: string | null }[];
}

/** The route view has no stream of its own: it re-reads every 10 s (a route changes at stop pace, not fix pace). */
const REFRESH_MS = 10_000;

const config = readPageConfig();
const $ = (id: string) => document.getElementById(id)!;
let map: MapView | null = null;
let framed = false;
let last: RouteEmbedView | null = null;

const open = (status: string) => status !== 'completed' && status !== 'cancelled';

function stopText(s: RouteEmbedView['stops'][number]): string {
  if (s.status === 'completed') return 'delivered';
  if (s.status === 'cancelled') return 'cancelled';
  if (s.arrived_at) return `arrived ${timeOfDay(s.arrived_at)}`;
  if (s.eta) return `ETA ${timeOfDay(s.eta)}`;
  return s.status;
}

function render(v: RouteEmbedView) {
  last = v;
  document.title = `Route ${v.route_handle}`;
  $('title').textContent = `Route ${v.route_handle}`;
  $('driver').textContent = v.driver ? `Driver: ${v.driver.first_name}` : '';
  const state = $('state');
  state.dataset.state = v.status;
  state.textContent = `${v.stops.filter((s) => !open(s.status)).length} of ${v.stops.length} stops done`;
  $('stops').replaceChildren(
    ...v.stops.map((s, i) => {
      const li = document.createElement('li');
      li.dataset.order = s.order_number;
      li.dataset.status = s.status;
      const n = document.createElement('span');
      n.className = 'n';
      n.textContent = String(i + 1);
      const what = document.createElement('span');
      what.textContent = s.address ?? s.order_number;
      const status = document.createElement('span');
      status.className = 'status';
      status.textContent = stopText(s);
      li.append(n, what, status);
      return li;
    }),
  );
  drawMap();
}

function drawMap() {
  if (!map || !last) return;
  const v = last;
  const stops = v.stops.filter((s) => s.destination);
  const here: LngLat | null = v.position ? [v.position.lng, v.position.lat] : null;
  const ahead = stops.filter((s) => open(s.status)).map((s) => s.destination!);
  map.setFleet({ destinations: stops.map((s) => ({ position: s.destination!, atRisk: false })), routes: [] });
  // The line runs from the driver through the stops still to do, in the route's order.
  map.setPath([...(here ? [here] : []), ...ahead]);
  map.setMarkers(here ? [{ id: 'driver', position: here, bearing: v.position!.bearing, label: v.driver?.first_name }] : []);
  if (!framed) {
    framed = true;
    map.fit([...stops.map((s) => s.destination!), ...(here ? [here] : [])]);
  }
  map.markRendered();
}

async function refresh() {
  const token = config.embedToken ? `?token=${encodeURIComponent(config.embedToken)}` : '';
  const r = await fetch(`/app/routes/${encodeURIComponent(config.routeHandle ?? '')}/view${token}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (r.status === 401 || r.status === 404) {
    $('state').dataset.state = 'refused';
    $('state').textContent = r.status === 401 ? 'Sign in to the dashboard, or ask for a new secure link.' : 'This route does not exist.';
    return;
  }
  if (r.ok) render((await r.json()) as RouteEmbedView);
}

createMap($('map'), config).then(
  (m) => {
    map = m;
    drawMap();
  },
  () => {},
);
void refresh();
setInterval(() => void refresh(), REFRESH_MS);
