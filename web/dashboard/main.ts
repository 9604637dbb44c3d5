import { createMap } from '../shared/create-map.ts';
import { openLiveStream } from '../shared/live-stream.ts';
import type { LngLat, MapView } from '../shared/map-view.ts';
import { readPageConfig } from '../shared/page-config.ts';
import { ago, durationInWords, timeOfDay } from '../shared/words.ts';
import { api, setCsrfToken } from './api.ts';
import { DriverLinksCard } from './driver-links.ts';
import { PlanningView } from './planning-view.ts';
import { type DriverFailure, type ProofOfDelivery, showProof } from './proof-view.ts';
import type { Device, OrderDetail, OrderRow, WorkerOption } from './types.ts';
import './style.css';

/** A position older than this is drawn faded: the phone may have lost signal. */
const STALE_MS = 5 * 60_000;

const config = readPageConfig();
const driverLinks = new DriverLinksCard();
document.querySelector('.side > details')?.after(driverLinks.root);
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);

let map: MapView | null = null;
const devices = new Map<string, Device>();
let workers: WorkerOption[] = [];
let selected: string | null = null;
let detail: OrderDetail | null = null;
let stopStream: (() => void) | null = null;
let framedDevices = false;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
/** The map frames the selected order until the dispatcher moves it themselves. */
let followSelection = true;
/** The driver picked in the list or on the map: highlighted in both. */
let selectedDevice: string | null = null;
/** Ongoing orders, for their destinations and routes on the map (the board may be filtered). */
let ongoing: OrderRow[] = [];
let drawPending = false;
/** The destination being entered in the order form, shown on the map before the order exists. */
let draft: LngLat | null = null;
let picking = false;
let listDrawnAt = 0;

const text = (tag: string, content: string, cls?: string) => {
  const e = document.createElement(tag);
  e.textContent = content;
  if (cls) e.className = cls;
  return e;
};

// ---------- session ----------

async function boot() {
  const s = await api<{ signed_in: boolean; account_id: string; csrf_token: string }>('GET', '/session');
  if (s.signed_in) await enter(s);
  else showSignIn();
}

function showSignIn() {
  stopStream?.();
  stopStream = null;
  $('app').hidden = true;
  $('signin').hidden = false;
  input('account-id').focus();
}

async function enter(s: { account_id: string; csrf_token: string }) {
  setCsrfToken(s.csrf_token);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('account').textContent = s.account_id;
  if (!map) {
    map = await createMap($('map'), config, { fleet: true });
    new PlanningView(map).mount(document.querySelector('.bar')!, document.querySelector('.side')!);
    for (const ev of ['pointerdown', 'wheel', 'touchstart']) $('map').addEventListener(ev, () => (followSelection = false), { passive: true });
  }
  // A marker picks its driver in the list; it sets no filter (a filter the dispatcher did not choose would hide orders).
  map.renderer.onMarkerClick((id) => {
    if (!picking) selectDevice(id, false);
  });
  map.renderer.onMapClick((at) => {
    if (!picking) return;
    setPicking(false);
    setDraft(at, false);
  });
  await Promise.all([loadWorkers(), loadDevices(), refreshBoard()]);
  // Board, driver list and map markers are all there: the benchmark's time to interactive.
  drawMap();
  if (performance.getEntriesByName('dropline:dashboard-interactive').length === 0) performance.mark('dropline:dashboard-interactive');
  stopStream?.();
  stopStream = openLiveStream(
    '/app/api/stream',
    {
      order: (e: { order_handle: string }) => {
        scheduleRefresh();
        if (e.order_handle === selected) void loadDetail(selected);
      },
      location: (l: Device['location'] & { device_id: string }) => {
        const known = devices.get(l.device_id);
        if (!known) {
          scheduleDeviceReload();
          return;
        }
        const { device_id, ...location } = l;
        devices.set(device_id, { ...known, location, last_seen_at: new Date().toISOString() });
        scheduleDraw();
      },
    },
    {
      onState: (st) => {
        const c = $('connection');
        c.dataset.state = st;
        c.textContent = st === 'live' ? '● live' : st === 'reconnecting' ? 'reconnecting…' : st === 'closed' ? 'offline' : 'connecting…';
      },
      onGone: () => void boot(),
    },
  );
}

$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('signin-error').textContent = '';
  try {
    const s = await api<{ account_id: string; csrf_token: string }>('POST', '/session', {
      account_id: input('account-id').value.trim(),
      secret_key: input('secret-key').value,
    });
    input('secret-key').value = '';
    await enter(s);
  } catch (e) {
    $('signin-error').textContent = (e as Error).message;
  }
});

$('signout').addEventListener('click', async () => {
  await api('DELETE', '/session').catch(() => {});
  selected = null;
  detail = null;
  $('detail').hidden = true;
  showSignIn();
});

// ---------- board ----------

function boardQuery(): string {
  const q = new URLSearchParams();
  const set = (k: string, v: string) => v && q.set(k, v);
  set('q', input('f-q').value.trim());
  set('status', $<HTMLSelectElement>('f-status').value);
  set('risk', $<HTMLSelectElement>('f-risk').value);
  set('worker', $<HTMLSelectElement>('f-worker').value);
  const day = input('f-date').value;
  if (day) {
    const from = new Date(`${day}T00:00:00`);
    q.set('from', from.toISOString());
    q.set('to', new Date(from.getTime() + 86_400_000).toISOString());
  }
  return q.toString();
}

function scheduleRefresh() {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshBoard(), 120);
}

const workerName = (handle: string | null) => (handle ? (workers.find((w) => w.worker_handle === handle)?.name ?? handle) : null);

const etaText = (o: OrderRow) =>
  o.status === 'completed' || o.status === 'cancelled' ? '' : o.arrived_at ? 'arrived' : o.eta ? durationInWords(o.eta.remaining_duration) : '';

async function refreshBoard() {
  const { orders } = await api<{ orders: OrderRow[] }>('GET', `/orders?${boardQuery()}`);
  const rows = orders.map((o) => {
    const tr = document.createElement('tr');
    tr.dataset.handle = o.order_handle;
    tr.dataset.status = o.status;
    tr.dataset.risk = o.at_risk ? 'at_risk' : 'ok';
    if (o.order_handle === selected) tr.classList.add('selected');
    const status = text('span', o.status, `badge ${o.status}`);
    const statusCell = document.createElement('td');
    statusCell.append(status);
    if (o.at_risk) statusCell.append(' ', text('span', 'at risk', 'badge warn'));
    if (o.locked) statusCell.append(' ', text('span', 'locked', 'badge'));
    tr.append(text('td', o.order_handle, 'handle'), statusCell, text('td', workerName(o.worker_handle) ?? '—'), text('td', etaText(o), 'eta'));
    tr.addEventListener('click', () => void select(o.order_handle));
    return tr;
  });
  $('board').replaceChildren(...rows);
  $('board-empty').hidden = rows.length > 0;
  renderActiveFilters();
  ({ orders: ongoing } = await api<{ orders: OrderRow[] }>('GET', '/orders?status=ongoing'));
  scheduleDraw();
}

const FILTERS: { id: string; name: string; shown: (el: HTMLInputElement | HTMLSelectElement) => string }[] = [
  { id: 'f-q', name: 'Search', shown: (el) => `“${el.value.trim()}”` },
  { id: 'f-status', name: 'Status', shown: (el) => el.value },
  { id: 'f-risk', name: 'Risk', shown: (el) => (el.value === 'at_risk' ? 'at risk' : 'no risk') },
  { id: 'f-worker', name: 'Driver', shown: (el) => workerName(el.value) ?? el.value },
  { id: 'f-date', name: 'Created', shown: (el) => el.value },
];

/** Every filter that is on shows as a chip with its own ×; "Clear filters" turns them all off at once. */
function renderActiveFilters() {
  const chips = FILTERS.flatMap((f) => {
    const el = $<HTMLInputElement | HTMLSelectElement>(f.id);
    if (!el.value.trim()) return [];
    const chip = text('span', `${f.name}: ${f.shown(el)}`, 'chip');
    chip.dataset.filter = f.id;
    const off = text('button', '×');
    off.setAttribute('type', 'button');
    off.setAttribute('aria-label', `Remove the ${f.name.toLowerCase()} filter`);
    off.addEventListener('click', () => {
      el.value = '';
      scheduleRefresh();
    });
    chip.append(off);
    return [chip];
  });
  $('filter-chips').replaceChildren(...chips);
  $('active-filters').hidden = chips.length === 0;
}

$('clear-filters').addEventListener('click', () => {
  $<HTMLFormElement>('filters').reset();
  scheduleRefresh();
});

$('filters').addEventListener('input', scheduleRefresh);
$('filters').addEventListener('submit', (e) => e.preventDefault());

// ---------- workers & devices ----------

async function loadWorkers() {
  ({ workers } = await api<{ workers: WorkerOption[] }>('GET', '/workers'));
  driverLinks.setWorkers(workers);
  const options = (first: string) => [
    new Option(first, ''),
    ...workers.map((w) => new Option(w.name ? `${w.name} (${w.worker_handle})` : w.worker_handle, w.worker_handle)),
  ];
  for (const [id, first] of [
    ['new-worker', 'Unassigned'],
    ['f-worker', 'Any driver'],
    ['d-assign-worker', 'Choose driver…'],
  ] as const) {
    const sel = $<HTMLSelectElement>(id);
    const keep = sel.value;
    sel.replaceChildren(...options(first));
    sel.value = keep;
  }
}

let deviceReload: ReturnType<typeof setTimeout> | null = null;
/** New devices arrive in bursts (a fleet starting its shift): one reload for the burst. */
function scheduleDeviceReload() {
  deviceReload ??= setTimeout(() => {
    deviceReload = null;
    void loadDevices();
  }, 300);
}

async function loadDevices() {
  const { devices: list } = await api<{ devices: Device[] }>('GET', '/devices');
  devices.clear();
  for (const d of list) devices.set(d.device_id, d);
  drawMap();
}

const deviceName = (d: Device) => d.worker_name ?? d.worker_handle ?? d.device_id;

/** The driver list: every device that has reported, by name, narrowed by the search box. */
function drawDeviceList() {
  const now = Date.now();
  listDrawnAt = now;
  const q = input('driver-q').value.trim().toLowerCase();
  const located = [...devices.values()].filter((d) => d.location);
  const shown = located
    .filter((d) => !q || deviceName(d).toLowerCase().includes(q) || (d.worker_handle ?? '').toLowerCase().includes(q))
    .sort((a, b) => deviceName(a).localeCompare(deviceName(b)));
  const items = shown.map((d) => {
    const l = d.location!;
    const stale = now - new Date(l.recorded_at).getTime() > STALE_MS;
    const li = document.createElement('li');
    li.dataset.device = d.device_id;
    li.classList.toggle('stale', stale);
    li.classList.toggle('selected', d.device_id === selectedDevice);
    const battery = l.battery === null ? '' : ` · battery ${Math.round(l.battery)}%`;
    const heading = l.bearing === null ? '' : ` · ${Math.round(l.bearing)}°`;
    li.textContent = `${deviceName(d)} · ${ago(l.recorded_at, now)}${heading}${battery}`;
    return li;
  });
  $('devices').replaceChildren(...items);
  $('driver-count').textContent = q ? `${shown.length} of ${located.length}` : `${located.length}`;
}

function selectDevice(id: string, focus: boolean) {
  selectedDevice = id;
  const d = devices.get(id);
  drawDeviceList();
  $('devices')
    .querySelector(`li[data-device="${CSS.escape(id)}"]`)
    ?.scrollIntoView({ block: 'nearest' });
  if (focus && d?.location && map) {
    followSelection = false;
    map.renderer.focus([d.location.lng, d.location.lat], 15);
  }
  scheduleDraw();
}

$('devices').addEventListener('click', (ev) => {
  const li = (ev.target as HTMLElement).closest<HTMLElement>('li[data-device]');
  if (li) selectDevice(li.dataset.device!, true);
});
input('driver-q').addEventListener('input', () => drawDeviceList());

// ---------- map ----------

/** At most one redraw per frame: 500 devices reporting every few seconds send many events per frame. */
function scheduleDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    drawMap();
  });
}

function drawMap() {
  // The list's ages move in seconds; redrawing it for every fix would cost more than it shows.
  if (Date.now() - listDrawnAt > 1000) drawDeviceList();
  if (!map) return;
  const now = Date.now();
  const markers = [...devices.values()]
    .filter((d) => d.location)
    .map((d) => ({
      id: d.device_id,
      position: [d.location!.lng, d.location!.lat] as LngLat,
      bearing: d.location!.bearing,
      stale: now - new Date(d.location!.recorded_at).getTime() > STALE_MS,
      selected: d.device_id === selectedDevice || (detail?.worker_handle != null && d.worker_handle === detail.worker_handle),
      label: deviceName(d),
    }));
  map.setMarkers(markers);
  const byWorker = new Map([...devices.values()].filter((d) => d.worker_handle && d.location).map((d) => [d.worker_handle!, d.location!]));
  map.setFleet({
    destinations: ongoing.filter((o) => o.destination).map((o) => ({ position: o.destination!, atRisk: o.at_risk })),
    routes: ongoing.flatMap((o) => {
      const at = o.worker_handle ? byWorker.get(o.worker_handle) : undefined;
      return at && o.destination && !o.arrived_at ? [[[at.lng, at.lat] as LngLat, o.destination]] : [];
    }),
  });
  map.setPath(detail?.path ?? []);
  map.setDestination(draft ?? detail?.destination ?? null);
  if (!framedDevices && markers.length > 0) {
    framedDevices = true;
    map.fit(markers.map((m) => m.position));
  }
  map.markRendered();
}
setInterval(() => devices.size && drawDeviceList(), 30_000);

// ---------- detail ----------

async function select(handle: string) {
  selected = handle;
  for (const tr of $('board').querySelectorAll('tr')) tr.classList.toggle('selected', tr.dataset.handle === handle);
  await loadDetail(handle, true);
}

async function loadDetail(handle: string, frame = false) {
  try {
    const d = await api<OrderDetail>('GET', `/orders/${encodeURIComponent(handle)}`);
    if (selected !== handle) return;
    detail = d;
    renderDetail(d);
    drawMap();
    if (frame) followSelection = true;
    if (followSelection && map) {
      const device = [...devices.values()].find((x) => x.worker_handle === d.worker_handle && x.location);
      map.fit([...(d.destination ? [d.destination] : []), ...d.path, ...(device?.location ? [[device.location.lng, device.location.lat] as LngLat] : [])]);
    }
  } catch (e) {
    $('d-error').textContent = (e as Error).message;
  }
}

const ALLOWED: Record<string, string[]> = {
  unplanned: ['assign', 'cancel', 'disable', 'lock', 'unlock'],
  planned: ['assign', 'cancel', 'disable', 'lock', 'unlock'],
  assigned: ['assign', 'start', 'complete', 'cancel', 'disable', 'lock', 'unlock'],
  dispatched: ['assign', 'complete', 'cancel', 'disable', 'lock', 'unlock'],
  ongoing: ['assign', 'complete', 'cancel', 'disable', 'lock', 'unlock'],
  disabled: ['enable', 'lock', 'unlock'],
  completed: [],
  cancelled: [],
};

function renderDetail(d: OrderDetail) {
  $('detail').hidden = false;
  $('detail').dataset.handle = d.order_handle;
  $('detail').dataset.status = d.status;
  $('d-handle').textContent = d.order_handle;
  const status = $('d-status');
  status.textContent = d.arrived_at && d.status === 'ongoing' ? 'ongoing · arrived' : d.status;
  status.className = `badge ${d.status}`;
  $('d-locked').hidden = !d.locked;
  $('d-worker').textContent = d.worker_handle ? `· ${workerName(d.worker_handle)}` : '· unassigned';
  $('d-eta').textContent = d.eta
    ? `ETA ${timeOfDay(d.eta.arrive_at)} (${durationInWords(d.eta.remaining_duration)})`
    : d.arrived_at
      ? `Arrived ${timeOfDay(d.arrived_at)}`
      : '';
  $('d-address').textContent = d.address ?? (d.destination ? d.destination.map((v) => v.toFixed(5)).join(', ') : '');
  $('d-customer').textContent = [d.customer.name, d.customer.phone].filter(Boolean).join(' · ');
  $('d-instructions').textContent = d.customer.instructions ? `Instructions: ${d.customer.instructions}` : '';
  $<HTMLAnchorElement>('d-share').href = d.share_path;
  $('d-risks').replaceChildren(...Object.entries(d.risks).map(([k, level]) => text('li', k.replaceAll('_', ' '), `risk-${level}`)));
  $('d-timeline').replaceChildren(
    ...d.timeline.map((e) => {
      const li = document.createElement('li');
      li.dataset.type = e.type;
      li.append(text('span', e.type.replace(/^order_/, '').replaceAll('_', ' ')), text('time', timeOfDay(e.recorded_at)));
      return li;
    }),
  );
  const allowed = new Set(ALLOWED[d.status] ?? []);
  if (d.locked) allowed.delete('lock');
  else allowed.delete('unlock');
  for (const b of $('detail').querySelectorAll<HTMLButtonElement>('button[data-action]')) b.disabled = !allowed.has(b.dataset.action!);
  showProof($('detail'), d as { proof_of_delivery?: ProofOfDelivery | null; failure?: DriverFailure | null });
}

$('d-close').addEventListener('click', () => {
  selected = null;
  detail = null;
  $('detail').hidden = true;
  for (const tr of $('board').querySelectorAll('tr')) tr.classList.remove('selected');
  drawMap();
});

$('detail').addEventListener('click', async (ev) => {
  const button = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (!button || !selected) return;
  const action = button.dataset.action!;
  $('d-error').textContent = '';
  const body = action === 'assign' ? { worker_handle: $<HTMLSelectElement>('d-assign-worker').value || undefined } : {};
  try {
    button.disabled = true;
    const d = await api<OrderDetail>('POST', `/orders/${encodeURIComponent(selected)}/${action}`, body);
    detail = d;
    renderDetail(d);
    drawMap();
    scheduleRefresh();
  } catch (e) {
    $('d-error').textContent = (e as Error).message;
    button.disabled = false;
  }
});

// ---------- create ----------

function setDraft(at: LngLat, focus: boolean) {
  draft = at;
  input('new-lng').value = at[0].toFixed(6);
  input('new-lat').value = at[1].toFixed(6);
  if (focus) {
    followSelection = false;
    map?.renderer.focus(at, 15);
  }
  scheduleDraw();
}

function setPicking(on: boolean) {
  picking = on;
  $('pick-on-map').setAttribute('aria-pressed', String(on));
  $('map').classList.toggle('picking', on);
  $('address-note').textContent = on ? 'Click the map where the delivery goes.' : '';
}

$('pick-on-map').addEventListener('click', () => setPicking(!picking));
for (const id of ['new-lng', 'new-lat']) {
  input(id).addEventListener('change', () => {
    const lng = Number(input('new-lng').value);
    const lat = Number(input('new-lat').value);
    if (input('new-lng').value && input('new-lat').value && Number.isFinite(lng) && Number.isFinite(lat)) setDraft([lng, lat], true);
  });
}

let searchTimer: ReturnType<typeof setTimeout> | null = null;
let searchSeq = 0;
interface GeocodeHit {
  label: string;
  lng: number;
  lat: number;
  kind: 'place' | 'address';
}

/** Address search as the dispatcher types: the server asks the configured geocoder and the offline places. */
input('new-address').addEventListener('input', () => {
  if (searchTimer) clearTimeout(searchTimer);
  const q = input('new-address').value.trim();
  if (q.length < 2) {
    $('address-results').hidden = true;
    return;
  }
  searchTimer = setTimeout(async () => {
    const seq = ++searchSeq;
    const r = await api<{ results: GeocodeHit[]; geocoder_error: string | null }>('GET', `/geocode?q=${encodeURIComponent(q)}`).catch(() => null);
    if (!r || seq !== searchSeq) return;
    $('address-results').replaceChildren(
      ...r.results.map((hit) => {
        const li = text('li', hit.label);
        li.setAttribute('role', 'option');
        li.dataset.kind = hit.kind;
        li.append(text('small', hit.kind === 'place' ? 'town' : 'address'));
        li.addEventListener('click', () => {
          input('new-address').value = hit.label;
          $('address-results').hidden = true;
          setDraft([hit.lng, hit.lat], true);
        });
        return li;
      }),
    );
    $('address-results').hidden = r.results.length === 0;
    $('address-note').textContent = r.geocoder_error
      ? 'The street-address search is not answering; towns still work. Pick the spot on the map.'
      : r.results.length === 0
        ? 'Nothing found. Pick the spot on the map instead.'
        : r.results.every((h) => h.kind === 'place')
          ? 'A town is only its centre: pick the exact spot on the map.'
          : '';
  }, 200);
});

$('create-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('create-error').textContent = '';
  try {
    const worker = $<HTMLSelectElement>('new-worker').value;
    const created = await api<OrderRow>('POST', '/orders', {
      order_handle: input('new-handle').value.trim(),
      lng: Number(input('new-lng').value),
      lat: Number(input('new-lat').value),
      address: input('new-address').value.trim() || undefined,
      worker_handle: worker || undefined,
      customer_name: input('new-customer').value.trim() || undefined,
      customer_phone: input('new-phone').value.trim() || undefined,
      instructions: $<HTMLTextAreaElement>('new-instructions').value.trim() || undefined,
    });
    (ev.target as HTMLFormElement).reset();
    draft = null;
    $('address-results').hidden = true;
    $('address-note').textContent = '';
    await refreshBoard();
    await select(created.order_handle);
  } catch (e) {
    $('create-error').textContent = (e as Error).message;
  }
});

void boot();
