import { ApiError, call, loadCredentials, newActionId, saveCredentials, sendQueued } from './api.ts';
import { distanceMetres } from './distance.ts';
import { kvGet, kvSet } from './idb.ts';
import { type Fix, LocationWatch } from './location.ts';
import { Outbox, type Queued } from './outbox.ts';
import { ProofForm } from './proof-form.ts';
import { isFinished, renderDetail, renderList, type ShownStatus } from './stop-view.ts';
import { renderSync } from './sync-view.ts';
import { FAIL_REASONS, type LocationBody, type Me, type Session, type Stop } from './types.ts';
import './style.css';

const POLL_MS = 15_000;
/** A fix this close to a started stop's destination counts as arriving there (when the stop has no radius of its own). */
const ARRIVE_METRES = 50;
/** The newest fix stands for the completion location while it is this fresh. */
const FRESH_FIX_MS = 120_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let me: Me | null = null;
let stops: Stop[] = [];
let queue: Queued[] = [];
let selected: string | null = null;
let entered = false;
let firstServerRender = true;

const outbox = new Outbox(sendQueued);
const watch = new LocationWatch(async (fixes) => {
  const device = me?.device_id;
  if (!device) return;
  await outbox.add({
    id: newActionId(),
    kind: 'fixes',
    label: `${fixes.length} position${fixes.length === 1 ? '' : 's'}`,
    method: 'POST',
    path: `/devices/${encodeURIComponent(device)}/locations`,
    body: { kind: 'json', value: { locations: fixes } },
  });
});
let proofForm: ProofForm | null = null;

// ---------- what the driver sees: the server's state with the queued actions laid over it ----------

const pendingEffect = (target: string) => queue.filter((q) => q.state === 'waiting' && q.effect?.target === target).at(-1)?.effect?.state;
const shown = (s: Stop): ShownStatus => (pendingEffect(s.stop_id) as ShownStatus | undefined) ?? s.status;
const waitingFor = (s: Stop) => queue.filter((q) => q.state === 'waiting' && q.path.includes(`/stops/${encodeURIComponent(s.stop_id)}/`)).length;
const onShift = () => {
  const p = pendingEffect('shift');
  return p ? p === 'on' : (me?.on_shift ?? false);
};
const place = (s: Stop) => s.address ?? s.order_handle;

function render() {
  $('driver-name').textContent = me?.name ?? me?.worker_handle ?? '';
  const shift = $('shift');
  shift.dataset.state = onShift() ? 'on' : 'off';
  shift.textContent = onShift() ? 'End shift' : 'Go on shift';
  $('signed-out').hidden = !outbox.signedOut;
  const visible = stops.filter((s) => shown(s) !== 'rejected' || waitingFor(s) > 0);
  renderList($('stops'), visible, shown, waitingFor);
  $('stops-empty').hidden = visible.length > 0;
  const done = visible.filter((s) => isFinished(shown(s))).length;
  $('stop-count').textContent = visible.length ? `${done} of ${visible.length} done` : '';
  const stop = selected ? visible.find((s) => s.stop_id === selected) : undefined;
  if (selected && !stop) selected = null;
  $('list-view').hidden = !!stop;
  $('stop').hidden = !stop;
  if (stop) renderDetail($('stop'), stop, shown(stop));
}

function showError(message: string, kind = '') {
  $('app-error').textContent = message;
  $('app-error').dataset.kind = kind;
}

// ---------- sign-in ----------

function showSignIn(state: string, message?: string) {
  $('app').hidden = true;
  $('signin').hidden = false;
  const p = $('signin-state');
  p.dataset.state = state;
  if (message) p.textContent = message;
  else if (state === 'offline') p.textContent = 'No connection. Open the sign-in link again when you have coverage.';
}

async function signIn(token: string) {
  try {
    const s = await call<Session>('POST', '/driver/api/session', { token });
    await saveCredentials({ csrf: s.csrf_token, linkToken: token });
    outbox.signedOut = false;
    await enter();
  } catch (e) {
    if (e instanceof ApiError) showSignIn(e.code, e.message);
    else showSignIn('offline');
  }
}

async function boot() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/driver/sw.js', { scope: '/driver' }).catch(() => {});
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    // Out of the address bar and the history: the link is a credential.
    history.replaceState(null, '', '/driver');
    await signIn(token);
    return;
  }
  let s: { signed_in: boolean; csrf_token?: string };
  try {
    s = await call('GET', '/driver/api/session');
  } catch (e) {
    // No coverage at start: the app opens from the cache with what it last knew.
    if (!(e instanceof ApiError) && (await loadCredentials()) && (await kvGet<Me>('me'))) return enter();
    showSignIn(e instanceof ApiError ? e.code : 'offline');
    return;
  }
  if (!s.signed_in || !s.csrf_token) {
    showSignIn('none');
    return;
  }
  const known = await loadCredentials();
  await saveCredentials({ csrf: s.csrf_token, linkToken: known?.linkToken ?? '' });
  await enter();
}

async function enter() {
  $('signin').hidden = true;
  $('app').hidden = false;
  me = (await kvGet<Me>('me')) ?? null;
  stops = (await kvGet<Stop[]>('stops')) ?? [];
  render();
  if (!entered) {
    entered = true;
    proofForm = new ProofForm();
    outbox.onSynced = (q, res) => void synced(q, res);
    outbox.subscribe((items) => {
      const hadWaiting = queue.some((q) => q.state === 'waiting');
      queue = items;
      renderSync(items, outbox);
      render();
      // Once everything is through, the server's view is the truth again.
      if (hadWaiting && !items.some((q) => q.state === 'waiting')) void refresh();
    });
    setInterval(() => {
      if (navigator.onLine && document.visibilityState === 'visible') void refresh().then(() => outbox.flush());
    }, POLL_MS);
  }
  await refresh();
  if (onShift()) watch.start();
  void outbox.flush();
}

async function refresh() {
  try {
    const [m, s] = await Promise.all([call<Me>('GET', '/driver/api/me'), call<{ stops: Stop[] }>('GET', '/driver/api/stops')]);
    me = m;
    stops = s.stops;
    await Promise.all([kvSet('me', m), kvSet('stops', stops)]);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) outbox.signedOut = true;
    // Offline: the cached copy stays on screen.
  }
  render();
  if (firstServerRender && me) {
    firstServerRender = false;
    performance.mark('dropline:stops-rendered');
  }
}

/** The answer of a synced action is the stop as the server now has it. */
async function synced(q: Queued, res: Response) {
  const data = (await res.json().catch(() => null)) as { stop?: Stop; me?: Me } | null;
  if (q.effect?.state === 'rejected') stops = stops.filter((s) => s.stop_id !== q.effect!.target);
  else if (data?.stop) stops = stops.map((s) => (s.stop_id === data.stop!.stop_id ? data.stop! : s));
  if (data?.me) me = data.me;
  await Promise.all([kvSet('stops', stops), me ? kvSet('me', me) : null]);
  render();
}

// ---------- actions: every one is queued first, then sent in order ----------

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''));

async function act(stop: Stop, action: string, extra: Record<string, unknown>, state: ShownStatus, label: string, conflictIsDone = false) {
  // Positions first: the server should see the driver at the door before the door is marked.
  await watch.flush();
  const id = newActionId();
  await outbox.add({
    id,
    kind: 'action',
    label: `${label} · ${place(stop)}`,
    method: 'POST',
    path: `/driver/api/stops/${encodeURIComponent(stop.stop_id)}/${action}`,
    body: { kind: 'json', value: { action_id: id, ...defined(extra) } },
    effect: { target: stop.stop_id, state },
    conflictIsDone,
  });
}

async function setShift(on: boolean) {
  if (!on) await watch.stop();
  const id = newActionId();
  await outbox.add({
    id,
    kind: 'action',
    label: on ? 'Shift started' : 'Shift ended',
    method: 'POST',
    path: '/driver/api/shift',
    body: { kind: 'json', value: { action_id: id, on_shift: on } },
    effect: { target: 'shift', state: on ? 'on' : 'off' },
  });
  if (on) watch.start();
}

const asLocation = (f: Fix): LocationBody => ({ lat: f.lat, lng: f.lng, ...(f.accuracy !== null ? { accuracy: f.accuracy } : {}) });

async function currentLocation(): Promise<LocationBody | undefined> {
  const last = watch.last;
  if (last && Date.now() - new Date(last.recorded_at).getTime() < FRESH_FIX_MS) return asLocation(last);
  if (!('geolocation' in navigator)) return undefined;
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: 5000, maximumAge: FRESH_FIX_MS },
    ),
  );
}

const arriving = new Set<string>();

/** Arrival from the positions themselves: the first fix inside a started stop's circle marks it arrived. */
watch.onFix = (f) => {
  // A position came: whatever said the location was unavailable no longer holds.
  if ($('app-error').dataset.kind === 'location') showError('');
  // The newest position the app works with, readable for tests and for support.
  document.body.dataset.lastFix = `${f.lat.toFixed(6)},${f.lng.toFixed(6)}`;
  for (const s of stops) {
    if (shown(s) !== 'started' || arriving.has(s.stop_id)) continue;
    if (distanceMetres(f, s.location) > (s.radius ?? ARRIVE_METRES)) continue;
    // Held until the arrival is queued: the fixes that follow would otherwise queue it again.
    arriving.add(s.stop_id);
    void act(s, 'arrive', { location: asLocation(f) }, 'arrived', 'Arrived', true).finally(() => arriving.delete(s.stop_id));
  }
};
watch.onError = (message) => showError(message, 'location');

async function completeStop(stop: Stop) {
  const got = await proofForm!.collect();
  if ('missing' in got) {
    $('complete-missing').textContent = `Still needed: ${got.missing.join(', ')}`;
    return;
  }
  const { proof } = got;
  const location = await currentLocation();
  await watch.flush();
  const upload = async (kind: 'photo' | 'signature', blob: Blob) =>
    outbox.add({
      id: newActionId(),
      kind: 'action',
      label: `${kind === 'photo' ? 'Photo' : 'Signature'} · ${place(stop)}`,
      method: 'PUT',
      path: `/driver/api/stops/${encodeURIComponent(stop.stop_id)}/proofs/${kind}`,
      body: { kind: 'blob', blob, type: blob.type || 'application/octet-stream' },
    });
  if (proof.photo) await upload('photo', proof.photo);
  if (proof.signature) await upload('signature', proof.signature);
  await act(
    stop,
    'complete',
    { pin: proof.pin, barcodes: proof.barcodes.length ? proof.barcodes : undefined, notes: proof.notes, location },
    'completed',
    'Completed',
  );
  $('complete-form').hidden = true;
}

async function failStop(stop: Stop) {
  const reason = $<HTMLSelectElement>('fail-reason').value;
  const notes = $<HTMLTextAreaElement>('fail-notes').value.trim();
  if (reason === 'other' && !notes) {
    $('fail-error').textContent = 'Say in the notes why it cannot be delivered';
    return;
  }
  await act(stop, 'fail', { reason, notes, location: await currentLocation() }, 'failed', 'Not delivered');
  $('fail-form').hidden = true;
}

// ---------- wiring ----------

const selectedStop = () => stops.find((s) => s.stop_id === selected) ?? null;

function closeSheets() {
  for (const id of ['complete-form', 'fail-form', 'reject-form']) $(id).hidden = true;
}

function wire() {
  $('fail-reason').replaceChildren(
    ...FAIL_REASONS.map(([value, text]) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      return o;
    }),
  );
  $('stops').addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-stop]');
    if (!li) return;
    selected = li.dataset.stop!;
    closeSheets();
    render();
    scrollTo(0, 0);
  });
  $('back').addEventListener('click', () => {
    selected = null;
    closeSheets();
    render();
  });
  $('shift').addEventListener('click', () => void setShift(!onShift()));
  $('sync').addEventListener('click', () => {
    $('sync-panel').hidden = !$('sync-panel').hidden;
  });
  $('sync-now').addEventListener('click', () => void outbox.flush());
  for (const b of document.querySelectorAll<HTMLButtonElement>('.actions button[data-action]')) {
    b.addEventListener('click', () => {
      const stop = selectedStop();
      if (!stop) return;
      closeSheets();
      const a = b.dataset.action!;
      if (a === 'accept') void act(stop, 'accept', {}, 'accepted', 'Accepted');
      else if (a === 'start') void act(stop, 'start', {}, 'started', 'Started');
      else if (a === 'arrive') void currentLocation().then((location) => act(stop, 'arrive', { location }, 'arrived', 'Arrived', true));
      else if (a === 'complete') proofForm!.open(stop);
      else if (a === 'fail') {
        $('fail-error').textContent = '';
        $<HTMLTextAreaElement>('fail-notes').value = '';
        $('fail-form').hidden = false;
      } else if (a === 'reject') {
        $<HTMLInputElement>('reject-reason').value = '';
        $('reject-form').hidden = false;
      }
    });
  }
  for (const c of document.querySelectorAll<HTMLButtonElement>('[data-close]')) c.addEventListener('click', closeSheets);
  $('complete-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const stop = selectedStop();
    if (stop) void completeStop(stop);
  });
  $('fail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const stop = selectedStop();
    if (stop) void failStop(stop);
  });
  $('reject-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const stop = selectedStop();
    if (!stop) return;
    void act(stop, 'reject', { reason: $<HTMLInputElement>('reject-reason').value.trim() }, 'rejected', 'Rejected');
    $('reject-form').hidden = true;
    selected = null;
  });
  const net = () => {
    $('net').dataset.state = navigator.onLine ? 'online' : 'offline';
    $('net').textContent = navigator.onLine ? 'Online' : 'Offline — actions are kept on the phone';
    if (navigator.onLine && entered) void refresh();
  };
  addEventListener('online', net);
  addEventListener('offline', net);
  net();
  // The page being hidden is the moment a phone may kill it: hand over the buffered positions.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void watch.flush();
  });
}

wire();
void boot();
