import { loadBasemap } from './basemap.ts';
import { COLORS } from './map-colors.ts';
import type { FleetOverlay, LngLat, MapMarker, MapRenderer, PlanRouteOverlay } from './map-view.ts';

const NS = 'http://www.w3.org/2000/svg';
/** Web Mercator in units of 1/1e6 of the world's width, so SVG coordinates stay well inside float precision. */
const SCALE = 1_000_000;
const project = ([lng, lat]: LngLat): [number, number] => {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lng + 180) / 360) * SCALE, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * SCALE];
};

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

function ringsOf(g: GeoJSON.Geometry): LngLat[][] {
  if (g.type === 'Polygon') return g.coordinates as LngLat[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as LngLat[][][]).flat();
  return [];
}

/**
 * The no-WebGL renderer: the same basemap, path, destination and markers as an SVG in Web
 * Mercator. The viewBox does the zooming; markers are scaled back to screen pixels.
 */
export class SvgMap implements MapRenderer {
  readonly kind = 'svg';
  private readonly svg = el('svg', { class: 'svg-map', preserveAspectRatio: 'xMidYMid slice' });
  private readonly land = el('g');
  private readonly path = el('polyline', {
    fill: 'none',
    stroke: COLORS.path,
    'stroke-width': 4,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'vector-effect': 'non-scaling-stroke',
  });
  private readonly destination = el('g');
  private readonly routes = el('g');
  private fleet: FleetOverlay = { destinations: [], routes: [] };
  private readonly markerLayer = el('g');
  private readonly planLayer = el('g', { class: 'plan-routes' });
  private plan: PlanRouteOverlay[] = [];
  private view = { x: 0, y: 0, w: SCALE, h: SCALE };
  private markers: MapMarker[] = [];
  private dest: LngLat | null = null;
  private clickHandler: (id: string) => void = () => {};

  constructor(private readonly container: HTMLElement) {
    this.svg.append(
      el('rect', { x: 0, y: 0, width: SCALE, height: SCALE, fill: COLORS.water }),
      this.land,
      this.routes,
      this.path,
      this.destination,
      this.planLayer,
      this.markerLayer,
    );
    container.append(this.svg);
    this.applyView();
    // Without WebGL there is no vector-tile renderer: the shipped 1:110m outlines stand in.
    loadBasemap().then(
      (countries) => this.setBasemap(countries),
      () => {},
    );
    new ResizeObserver(() => this.redrawScaled()).observe(container);
  }

  private setBasemap(countries: GeoJSON.FeatureCollection) {
    this.land.replaceChildren();
    for (const f of countries.features) {
      if (!f.geometry) continue;
      const d = ringsOf(f.geometry)
        .map(
          (ring) =>
            `M${ring
              .map((p) =>
                project(p)
                  .map((v) => v.toFixed(1))
                  .join(','),
              )
              .join('L')}Z`,
        )
        .join('');
      this.land.append(el('path', { d, fill: COLORS.land, stroke: COLORS.border, 'stroke-width': 0.8, 'vector-effect': 'non-scaling-stroke' }));
    }
  }

  setPath(coords: LngLat[]) {
    this.path.setAttribute(
      'points',
      coords
        .map((c) =>
          project(c)
            .map((v) => v.toFixed(2))
            .join(','),
        )
        .join(' '),
    );
  }

  setDestination(point: LngLat | null) {
    this.dest = point;
    this.redrawScaled();
  }

  setMarkers(markers: MapMarker[]) {
    this.markers = markers;
    this.redrawScaled();
  }

  onMarkerClick(fn: (id: string) => void) {
    this.clickHandler = fn;
  }

  onMapClick(fn: (at: LngLat) => void) {
    this.svg.addEventListener('click', (e) => {
      const r = this.svg.getBoundingClientRect();
      // 'slice' scales the view to cover the box, centred: undo that, then Web Mercator.
      const scale = Math.max(r.width / this.view.w, r.height / this.view.h);
      const x = this.view.x + this.view.w / 2 + (e.clientX - r.left - r.width / 2) / scale;
      const y = this.view.y + this.view.h / 2 + (e.clientY - r.top - r.height / 2) / scale;
      const lng = (x / SCALE) * 360 - 180;
      const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / SCALE))) * 180) / Math.PI;
      fn([lng, lat]);
    });
  }

  setFleet(f: FleetOverlay) {
    this.fleet = f;
    this.routes.replaceChildren(
      ...f.routes.map((r) =>
        el('polyline', {
          points: r.map((c) => project(c).join(',')).join(' '),
          fill: 'none',
          stroke: COLORS.path,
          'stroke-width': 2,
          'stroke-opacity': 0.55,
          'stroke-dasharray': '4 4',
          'vector-effect': 'non-scaling-stroke',
        }),
      ),
    );
    this.redrawScaled();
  }

  setPlanRoutes(routes: PlanRouteOverlay[]) {
    this.plan = routes;
    this.redrawScaled();
  }

  focus(position: LngLat) {
    const [cx, cy] = project(position);
    const w = Math.min(this.view.w, 40);
    const h = (w * (this.container.clientHeight || 1)) / (this.container.clientWidth || 1);
    this.view = { x: cx - w / 2, y: cy - h / 2, w, h };
    this.applyView();
  }

  fit(points: LngLat[]) {
    if (points.length === 0) return;
    const xy = points.map(project);
    const xs = xy.map((p) => p[0]);
    const ys = xy.map((p) => p[1]);
    const minSpan = 4; // about 160 m at the equator: one point still shows its street
    let w = Math.max(minSpan, Math.max(...xs) - Math.min(...xs));
    let h = Math.max(minSpan, Math.max(...ys) - Math.min(...ys));
    w *= 1.3;
    h *= 1.3;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    // 'slice' fills the box, so widen the view to the container's aspect ratio before slicing.
    const aspect = (this.container.clientWidth || 1) / (this.container.clientHeight || 1);
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    this.view = { x: cx - w / 2, y: cy - h / 2, w, h };
    this.applyView();
  }

  private applyView() {
    const v = this.view;
    this.svg.setAttribute('viewBox', `${v.x} ${v.y} ${v.w} ${v.h}`);
    this.redrawScaled();
  }

  /** Markers keep their size in pixels whatever the zoom. */
  private redrawScaled() {
    const px = this.view.w / Math.max(1, this.container.clientWidth);
    this.planLayer.replaceChildren(
      ...this.plan.flatMap((r) => [
        el('polyline', {
          points: r.stops.map((c) => project(c).join(',')).join(' '),
          fill: 'none',
          stroke: r.color,
          'stroke-width': 3,
          'vector-effect': 'non-scaling-stroke',
        }),
        ...r.stops.flatMap((c, i) => {
          const [x, y] = project(c);
          const label = el('text', { x, y: y + 4 * px, 'text-anchor': 'middle', 'font-size': 11 * px, fill: '#fff' });
          label.textContent = String(i + 1);
          return [el('circle', { cx: x, cy: y, r: 9 * px, fill: r.color, stroke: '#fff', 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke' }), label];
        }),
      ]),
    );
    this.destination.replaceChildren();
    if (this.dest) {
      const [x, y] = project(this.dest);
      this.destination.append(
        el('circle', {
          cx: x,
          cy: y,
          r: 10 * px,
          fill: COLORS.destination,
          'fill-opacity': 0.2,
          stroke: COLORS.destination,
          'stroke-width': 2,
          'vector-effect': 'non-scaling-stroke',
        }),
      );
    }
    for (const d of this.fleet.destinations) {
      const [x, y] = project(d.position);
      this.destination.append(
        el('circle', {
          cx: x,
          cy: y,
          r: 5 * px,
          fill: d.atRisk ? COLORS.destination : '#fff',
          stroke: COLORS.destination,
          'stroke-width': 2,
          'vector-effect': 'non-scaling-stroke',
        }),
      );
    }
    this.markerLayer.replaceChildren();
    for (const m of this.markers) {
      const [x, y] = project(m.position);
      const g = el('g', {
        transform: `translate(${x} ${y}) scale(${px}) rotate(${m.bearing ?? 0})`,
        class: 'svg-marker',
        'data-id': m.id,
        opacity: m.stale ? 0.45 : 1,
      });
      g.append(el('circle', { r: m.selected ? 12 : 10, fill: m.selected ? COLORS.path : COLORS.marker, stroke: '#fff', 'stroke-width': 2 }));
      if (m.bearing !== null) g.append(el('path', { d: 'M0,-7 L5,4 L0,1 L-5,4 Z', fill: '#fff' }));
      if (m.label) {
        const label = el('text', { y: 24, 'text-anchor': 'middle', transform: `rotate(${-(m.bearing ?? 0)})`, class: 'svg-label' });
        label.textContent = m.label;
        g.append(label);
      }
      g.addEventListener('click', () => this.clickHandler(m.id));
      this.markerLayer.append(g);
    }
  }
}
