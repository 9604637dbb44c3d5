export type LngLat = [number, number];

export interface MapMarker {
  id: string;
  position: LngLat;
  /** Degrees clockwise from north; null when unknown (drawn as a dot). */
  bearing: number | null;
  label?: string;
  /** Faded: the position is old. */
  stale?: boolean;
  selected?: boolean;
}

/** Open orders on the dashboard: their destinations, and a line from each ongoing order's driver to it. */
export interface FleetOverlay {
  destinations: { position: LngLat; atRisk: boolean }[];
  routes: LngLat[][];
}

/** The planning view's routes: each its own colour, its stops numbered in sequence. */
export interface PlanRouteOverlay {
  id: string;
  color: string;
  stops: LngLat[];
}

/**
 * What the pages draw, whichever renderer is behind it: MapLibre where WebGL works, an SVG of
 * the same GeoJSON where it does not.
 */
export interface MapRenderer {
  readonly kind: 'webgl' | 'svg';
  setPath(coords: LngLat[]): void;
  setDestination(point: LngLat | null): void;
  setMarkers(markers: MapMarker[]): void;
  /** Frames these points (the view is left alone when there are none). */
  fit(points: LngLat[]): void;
  onMarkerClick(fn: (id: string) => void): void;
  /** A click anywhere on the map, as the position under the pointer. */
  onMapClick(fn: (at: LngLat) => void): void;
  setFleet(f: FleetOverlay): void;
  setPlanRoutes(routes: PlanRouteOverlay[]): void;
  /** Centres on a point, zooming in to at least `zoom`. */
  focus(position: LngLat, zoom: number): void;
}

/** A renderer plus state the tests and the benchmark can read from the DOM (`data-*` on the container). */
export class MapView {
  private markers: MapMarker[] = [];

  constructor(
    private readonly container: HTMLElement,
    readonly renderer: MapRenderer,
  ) {
    container.dataset.renderer = renderer.kind;
  }

  setPath(coords: LngLat[]) {
    this.renderer.setPath(coords);
    this.container.dataset.pathPoints = String(coords.length);
  }

  setDestination(point: LngLat | null) {
    this.renderer.setDestination(point);
    this.container.dataset.destination = point ? point.map((v) => v.toFixed(6)).join(',') : '';
  }

  setMarkers(markers: MapMarker[]) {
    this.markers = markers;
    this.renderer.setMarkers(markers);
    const first = markers[0];
    this.container.dataset.marker = first ? first.position.map((v) => v.toFixed(6)).join(',') : '';
    this.container.dataset.markers = String(markers.length);
  }

  get markerList(): readonly MapMarker[] {
    return this.markers;
  }

  fit(points: LngLat[]) {
    this.renderer.fit(points);
  }

  setFleet(f: FleetOverlay) {
    this.renderer.setFleet(f);
    this.container.dataset.fleetDestinations = String(f.destinations.length);
    this.container.dataset.fleetRoutes = String(f.routes.length);
  }

  setPlanRoutes(routes: PlanRouteOverlay[]) {
    this.renderer.setPlanRoutes(routes);
    this.container.dataset.planRoutes = String(routes.length);
    this.container.dataset.planStops = String(routes.reduce((n, r) => n + r.stops.length, 0));
  }

  markRendered() {
    if (this.container.dataset.rendered) return;
    this.container.dataset.rendered = 'true';
    performance.mark('dropline:map-rendered');
  }
}

/** Whether this browser can run MapLibre; headless or locked-down browsers often cannot. */
export function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
