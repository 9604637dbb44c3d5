import { timeOfDay } from '../shared/words.ts';
import { mapLinks, platformOf, preferredLink } from './navigate.ts';
import type { Stop } from './types.ts';

/** What the driver sees a stop as: the server's status, or what a queued action will make it. */
export type ShownStatus = Stop['status'] | 'rejected';

const WORDS: Record<ShownStatus, string> = {
  new: 'New',
  accepted: 'Accepted',
  started: 'On the way',
  arrived: 'Arrived',
  completed: 'Done',
  failed: 'Not delivered',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
};

/** Which buttons each status offers; the server enforces the same table (docs/driver-app.md). */
const ACTIONS: Record<ShownStatus, string[]> = {
  new: ['accept', 'reject', 'start', 'fail'],
  accepted: ['start', 'reject', 'fail'],
  started: ['arrive', 'complete', 'fail'],
  arrived: ['complete', 'fail'],
  completed: [],
  failed: [],
  cancelled: [],
  rejected: [],
};

export const isFinished = (s: ShownStatus) => s === 'completed' || s === 'failed' || s === 'cancelled' || s === 'rejected';

export function windowText(w: Stop['time_window']): string {
  if (w.start && w.end) return `${timeOfDay(w.start)}–${timeOfDay(w.end)}`;
  if (w.end) return `by ${timeOfDay(w.end)}`;
  if (w.start) return `from ${timeOfDay(w.start)}`;
  return 'Any time';
}

const place = (s: Stop) => s.address ?? `${s.location.lat.toFixed(5)}, ${s.location.lng.toFixed(5)}`;

const el = (tag: string, text: string, cls?: string) => {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

export function renderList(list: HTMLElement, stops: Stop[], shown: (s: Stop) => ShownStatus, waiting: (s: Stop) => number) {
  list.replaceChildren(
    ...stops.map((s, i) => {
      const status = shown(s);
      const li = document.createElement('li');
      li.dataset.stop = s.stop_id;
      li.dataset.handle = s.order_handle;
      li.dataset.type = s.type;
      li.dataset.state = status;
      li.tabIndex = 0;
      li.append(el('span', String(s.sequence ?? i + 1), 'seq'), el('span', place(s), 'addr'));
      const badge = el('span', WORDS[status], 'badge');
      badge.dataset.state = status;
      li.append(badge);
      const meta = [windowText(s.time_window), s.customer.name].filter(Boolean).join(' · ');
      li.append(el('span', meta, 'meta'));
      const n = waiting(s);
      if (n > 0) li.append(el('span', `${n} waiting to sync`, 'meta pending'));
      return li;
    }),
  );
}

export function renderDetail(root: HTMLElement, s: Stop, status: ShownStatus) {
  const $ = (id: string) => root.querySelector<HTMLElement>(`#${id}`)!;
  root.dataset.stop = s.stop_id;
  root.dataset.handle = s.order_handle;
  root.dataset.type = s.type;
  root.dataset.state = status;
  $('s-state').textContent = WORDS[status];
  $('s-state').dataset.state = status;
  $('s-address').textContent = place(s);
  $('s-window').textContent = windowText(s.time_window);
  $('s-customer').textContent = [s.type === 'pick' ? 'Pick up' : 'Deliver to', s.customer.name ?? 'no name given'].join(': ');
  const phone = $('s-phone') as HTMLAnchorElement;
  phone.hidden = !s.customer.phone;
  if (s.customer.phone) {
    phone.href = `tel:${s.customer.phone.replace(/[^\d+]/g, '')}`;
    phone.textContent = `Call ${s.customer.phone}`;
  }
  $('s-instructions').hidden = !s.instructions;
  $('s-instructions').textContent = s.instructions ?? '';
  $('s-proofs').textContent = proofsText(s);

  const allowed = new Set(ACTIONS[status]);
  for (const b of root.querySelectorAll<HTMLButtonElement>('.actions button[data-action]')) b.hidden = !allowed.has(b.dataset.action!);

  const links = mapLinks(s.location.lng, s.location.lat, s.address);
  const nav = $('navigate') as HTMLAnchorElement;
  nav.hidden = isFinished(status);
  nav.href = preferredLink(links, platformOf(navigator.userAgent, navigator.maxTouchPoints));
  ($('nav-geo') as HTMLAnchorElement).href = links.geo;
  ($('nav-apple') as HTMLAnchorElement).href = links.apple;
  ($('nav-google') as HTMLAnchorElement).href = links.google;
  root.querySelector<HTMLElement>('.other-maps')!.hidden = isFinished(status);
}

function proofsText(s: Stop): string {
  const r = s.required_proofs;
  const need = [r.photo && 'photo', r.signature && 'signature', r.pin && 'PIN', r.barcodes.length > 0 && `${r.barcodes.length} barcode(s)`].filter(Boolean);
  return need.length ? `Proof needed: ${need.join(', ')}` : '';
}
