import type { LngLat, MapView } from '../shared/map-view.ts';
import { api } from './api.ts';
import './planning.css';

interface UnplannedOrder {
  order_handle: string;
  ops_group_handle: string | null;
  address: string | null;
  destination: LngLat | null;
  scheduled_at: string | null;
  planning_failure_reason: string | null;
}
interface PlanStop {
  order_handle: string;
  status: string;
  address: string | null;
  destination: LngLat | null;
}
interface PlanRoute {
  route_handle: string;
  status: string;
  worker_handle: string | null;
  stops: PlanStop[];
}
interface Plan {
  plan_id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  planned: number;
  unplanned: number;
  error: string | null;
  routes: PlanRoute[];
}

/** Distinct on the basemap and from the live view's blue path and red destinations. */
const PALETTE = ['#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#4f46e5', '#ca8a04'];
const POLL_MS = 500;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
  const e = Object.assign(document.createElement(tag), props) as HTMLElementTagNameMap[K];
  e.append(...children);
  return e;
};

/**
 * The dashboard's planning view (a toggle in the header): unplanned orders with the planner's
 * reason, a plan run for an ops group and date with its progress, the run's routes on the map in
 * their own colours with numbered stops, moving an order between routes (drag a stop onto a route,
 * or its select + Move) and completing a route. Every write is an /app/api route calling the same
 * service as the native API.
 */
export class PlanningView {
  private readonly panel = el('section', { className: 'planning card', id: 'planning', hidden: true });
  private readonly toggle = el('button', { type: 'button', id: 'planning-toggle', className: 'link', textContent: 'Planning' });
  private readonly group = el('input', { id: 'plan-group', required: true, maxLength: 255, placeholder: 'Ops group' });
  private readonly date = el('input', { id: 'plan-date', type: 'date', required: true });
  /** The solver's seconds: more can place more orders on a big day. */
  private readonly budget = el('input', { id: 'plan-budget', type: 'number', min: '1', max: '600', step: '1', value: '10' });
  private readonly status = el('p', { id: 'plan-status', className: 'muted', role: 'status' });
  private readonly error = el('p', { id: 'plan-error', className: 'error', role: 'alert' });
  private readonly unplannedList = el('ul', { id: 'plan-unplanned', className: 'plan-unplanned' });
  private readonly routeList = el('ol', { id: 'plan-routes', className: 'plan-routes' });
  private plan: Plan | null = null;
  private polling: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly map: MapView) {
    this.date.value = new Date().toISOString().slice(0, 10);
    const form = el(
      'form',
      { className: 'plan-form' },
      el('label', {}, 'Ops group ', this.group),
      el('label', {}, 'Date ', this.date),
      el('label', {}, 'Seconds ', this.budget),
      el('button', { type: 'submit', id: 'plan-run', textContent: 'Plan' }),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.run();
    });
    this.group.addEventListener('change', () => void this.loadUnplanned());
    this.panel.append(
      el('h2', { textContent: 'Planning' }),
      form,
      this.status,
      this.error,
      el('h3', { textContent: 'Unplanned orders' }),
      this.unplannedList,
      el('h3', { textContent: 'Routes' }),
      this.routeList,
    );
    this.toggle.setAttribute('aria-pressed', 'false');
    this.toggle.addEventListener('click', () => this.show(this.panel.hidden !== false));
  }

  /** The header button and the panel at the top of the side column; the rest of the column hides while planning. */
  mount(header: HTMLElement, side: HTMLElement) {
    header.querySelector('#signout')?.before(this.toggle);
    side.prepend(this.panel);
  }

  private show(on: boolean) {
    this.panel.hidden = !on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.panel.parentElement?.classList.toggle('planning-on', on);
    if (on) void this.loadUnplanned();
    this.draw();
  }

  private fail(e: unknown) {
    this.error.textContent = (e as Error).message;
  }

  private async loadUnplanned() {
    const group = this.group.value.trim();
    try {
      const { orders } = await api<{ orders: UnplannedOrder[] }>('GET', `/planning/unplanned${group ? `?ops_group=${encodeURIComponent(group)}` : ''}`);
      this.unplannedList.replaceChildren(
        ...orders.map((o) =>
          el(
            'li',
            { className: 'plan-order' },
            el('strong', { textContent: o.order_handle }),
            ` ${o.address ?? ''}`,
            ...(o.planning_failure_reason
              ? [el('span', { className: 'badge warn plan-reason', textContent: o.planning_failure_reason.replaceAll('_', ' ') })]
              : []),
          ),
        ),
      );
      if (orders.length === 0) this.unplannedList.append(el('li', { className: 'muted', textContent: 'No unplanned orders.' }));
      this.unplannedList.dataset.count = String(orders.length);
    } catch (e) {
      this.fail(e);
    }
  }

  private async run() {
    this.error.textContent = '';
    try {
      this.setPlan(
        await api<Plan>('POST', '/plans', { ops_group_handle: this.group.value.trim(), date: this.date.value, time_budget: Number(this.budget.value) || 10 }),
      );
    } catch (e) {
      this.fail(e);
    }
  }

  private setPlan(p: Plan) {
    this.plan = p;
    const pct = Math.round(p.progress * 100);
    this.status.dataset.status = p.status;
    this.status.textContent =
      p.status === 'completed'
        ? `Plan completed: ${p.planned} planned, ${p.unplanned} could not be placed, ${p.routes.length} route${p.routes.length === 1 ? '' : 's'}.`
        : p.status === 'failed'
          ? `Plan failed: ${p.error ?? 'unknown error'}`
          : `Plan ${p.status}… ${pct}%`;
    if (this.polling) clearTimeout(this.polling);
    this.polling = null;
    if (p.status === 'queued' || p.status === 'running') this.polling = setTimeout(() => void this.refresh(), POLL_MS);
    else void this.loadUnplanned();
    this.drawRoutes();
    this.draw();
  }

  private async refresh() {
    if (!this.plan) return;
    try {
      this.setPlan(await api<Plan>('GET', `/plans/${encodeURIComponent(this.plan.plan_id)}`));
    } catch (e) {
      this.fail(e);
    }
  }

  private colorOf(i: number) {
    return PALETTE[i % PALETTE.length]!;
  }

  private drawRoutes() {
    const routes = this.plan?.routes ?? [];
    this.routeList.replaceChildren(...routes.map((r, i) => this.routeItem(r, i, routes)));
  }

  private routeItem(r: PlanRoute, i: number, all: PlanRoute[]) {
    const open = r.status !== 'completed';
    const complete = el('button', { type: 'button', className: 'plan-complete', textContent: 'Complete route', disabled: !open });
    complete.addEventListener('click', () => void this.act(`/routes/${encodeURIComponent(r.route_handle)}/complete`));
    const others = all.filter((o) => o.route_handle !== r.route_handle && o.status !== 'completed');
    const stops = el(
      'ol',
      { className: 'plan-stops' },
      ...r.stops.map((s) => {
        const li = el(
          'li',
          { className: 'plan-stop', draggable: open },
          el('strong', { textContent: s.order_handle }),
          ` ${s.address ?? ''} `,
          el('span', { className: 'muted', textContent: s.status }),
        );
        li.dataset.order = s.order_handle;
        li.addEventListener('dragstart', (ev) => ev.dataTransfer?.setData('text/plain', JSON.stringify({ order: s.order_handle, from: r.route_handle })));
        if (open && others.length > 0) {
          const to = el(
            'select',
            { className: 'plan-move-to' },
            ...others.map((o) => el('option', { value: o.route_handle, textContent: o.worker_handle ?? o.route_handle })),
          );
          to.setAttribute('aria-label', `Move ${s.order_handle} to route`);
          const move = el('button', { type: 'button', className: 'plan-move', textContent: 'Move' });
          move.addEventListener('click', () => void this.move(r.route_handle, s.order_handle, to.value));
          li.append(to, move);
        }
        return li;
      }),
    );
    const item = el(
      'li',
      { className: 'plan-route' },
      el(
        'header',
        {},
        el('span', { className: 'swatch' }),
        el('strong', { textContent: r.worker_handle ?? r.route_handle }),
        el('span', { className: 'muted', textContent: ` ${r.status} · ${r.stops.length} stop${r.stops.length === 1 ? '' : 's'}` }),
        complete,
      ),
      stops,
    );
    item.style.setProperty('--route', this.colorOf(i));
    item.dataset.route = r.route_handle;
    item.dataset.status = r.status;
    // A stop dropped on another open route moves there, as its Move button does.
    item.addEventListener('dragover', (ev) => {
      if (open) ev.preventDefault();
    });
    item.addEventListener('drop', (ev) => {
      ev.preventDefault();
      const raw = ev.dataTransfer?.getData('text/plain');
      if (!raw) return;
      const d = JSON.parse(raw) as { order: string; from: string };
      if (d.from !== r.route_handle) void this.move(d.from, d.order, r.route_handle);
    });
    return item;
  }

  private move(from: string, order: string, to: string) {
    return this.act(`/routes/${encodeURIComponent(from)}/move`, { order_handle: order, to_route_handle: to });
  }

  private async act(path: string, body: unknown = {}) {
    this.error.textContent = '';
    try {
      await api('POST', path, body);
      await this.refresh();
    } catch (e) {
      this.fail(e);
    }
  }

  private draw() {
    const routes = this.panel.hidden !== false ? [] : (this.plan?.routes ?? []);
    const overlay = routes.map((r, i) => ({
      id: r.route_handle,
      color: this.colorOf(i),
      stops: r.stops.filter((s) => s.status !== 'cancelled' && s.destination).map((s) => s.destination!),
    }));
    this.map.setPlanRoutes(overlay);
    const all = overlay.flatMap((r) => r.stops);
    if (all.length > 0) this.map.fit(all);
  }
}
