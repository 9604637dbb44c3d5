import { api } from './api.ts';
import type { WorkerOption } from './types.ts';
import './driver-app.css';

/** Shapes of the dashboard's driver-link routes (docs/driver-app.md, "Sign-in links"). */
interface DriverLink {
  link_id: string;
  worker_handle: string;
  created_at: string;
  expires_at: string;
  status: 'active' | 'expired' | 'revoked';
}
interface DriverLinkIssued extends DriverLink {
  url: string;
  qr_svg: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

const path = (worker: string) => `/workers/${encodeURIComponent(worker)}/driver_links`;
const day = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The "Driver app sign-in" card: pick a worker, issue a link (its URL and QR code are shown once,
 * for the driver to scan), see and revoke the worker's links. Self-contained: the dashboard only
 * mounts it and hands it the worker list.
 */
export class DriverLinksCard {
  readonly root: HTMLDetailsElement;
  private readonly select = el('select', { id: 'dl-worker', ariaLabel: 'Worker' });
  private readonly issued = el('div', { id: 'dl-issued', className: 'dl-issued', hidden: true });
  private readonly list = el('ul', { id: 'dl-links', className: 'dl-links' });
  private readonly error = el('p', { id: 'dl-error', className: 'error', role: 'alert' });

  constructor() {
    const issue = el('button', { type: 'button', id: 'dl-issue', textContent: 'Issue sign-in link' });
    issue.addEventListener('click', () => void this.issue());
    this.select.addEventListener('change', () => {
      this.issued.hidden = true;
      void this.load();
    });
    this.root = el(
      'details',
      { id: 'driver-links', className: 'card' },
      el('summary', { textContent: 'Driver app sign-in' }),
      el('div', { className: 'dl-row' }, this.select, issue),
      this.error,
      this.issued,
      this.list,
    );
  }

  /** Opens the card on one worker (the hook in a worker's or an order's detail). */
  show(workerHandle: string) {
    this.select.value = workerHandle;
    this.root.open = true;
    this.issued.hidden = true;
    void this.load();
    this.root.scrollIntoView({ block: 'nearest' });
  }

  setWorkers(workers: WorkerOption[]) {
    const keep = this.select.value;
    this.select.replaceChildren(
      new Option('Choose worker…', ''),
      ...workers.map((w) => new Option(w.name ? `${w.name} (${w.worker_handle})` : w.worker_handle, w.worker_handle)),
    );
    this.select.value = keep;
  }

  private async issue() {
    const worker = this.select.value;
    this.error.textContent = '';
    if (!worker) {
      this.error.textContent = 'Choose a worker first';
      return;
    }
    try {
      const link = await api<DriverLinkIssued>('POST', path(worker), {});
      const qr = el('img', {
        className: 'dl-qr',
        alt: `QR code of the sign-in link for ${worker}`,
        src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qr_svg)}`,
      });
      const url = el('input', { id: 'dl-url', readOnly: true, value: link.url });
      const copy = el('button', { type: 'button', textContent: 'Copy' });
      copy.addEventListener('click', () => {
        url.select();
        void navigator.clipboard?.writeText(link.url).catch(() => {});
      });
      this.issued.replaceChildren(
        qr,
        el('div', { className: 'dl-row' }, url, copy),
        el('p', { className: 'muted', textContent: `Shown once. Valid until ${day(link.expires_at)}. Scan it with the driver's phone or send the link.` }),
      );
      this.issued.dataset.linkId = link.link_id;
      this.issued.hidden = false;
      await this.load();
    } catch (e) {
      this.error.textContent = (e as Error).message;
    }
  }

  private async load() {
    const worker = this.select.value;
    if (!worker) {
      this.list.replaceChildren();
      return;
    }
    try {
      const { links } = await api<{ links: DriverLink[] }>('GET', path(worker));
      this.list.replaceChildren(...links.map((l) => this.row(worker, l)));
    } catch (e) {
      this.error.textContent = (e as Error).message;
    }
  }

  private row(worker: string, l: DriverLink) {
    const li = el('li', {}, el('span', { textContent: `${l.status} · ${l.status === 'active' ? `until ${day(l.expires_at)}` : day(l.created_at)}` }));
    li.dataset.linkId = l.link_id;
    li.dataset.status = l.status;
    if (l.status === 'active') {
      const revoke = el('button', { type: 'button', className: 'link danger', textContent: 'Revoke' });
      revoke.addEventListener('click', async () => {
        try {
          await api('DELETE', `${path(worker)}/${encodeURIComponent(l.link_id)}`);
          if (this.issued.dataset.linkId === l.link_id) this.issued.hidden = true;
          await this.load();
        } catch (e) {
          this.error.textContent = (e as Error).message;
        }
      });
      li.append(revoke);
    }
    return li;
  }
}
