import * as maplibregl from 'maplibre-gl';
import { type GeoJSONSource, LngLatBounds } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The package exports only its main module; its worker is a separate file that must be served
// beside our bundle (as a hashed asset) or MapLibre looks for it next to the bundled chunk.
import workerUrl from '../../node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { mapStyle } from './map-style.ts';
import { addPmtilesProtocol } from './pmtiles-protocol.ts';
import worldUrl from './world.pmtiles?url';
import { LABEL_FONT } from './map-colors.ts';
import type { FleetOverlay, LngLat, MapMarker, MapRenderer, PlanRouteOverlay } from './map-view.ts';

const line = (coords: LngLat[]): GeoJSON.Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
const points = (p: LngLat[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: p.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } })),
});

/**
 * MapLibre GL with the offline style (map-style.ts). The tracking page's one marker is an HTML
 * element; the dashboard's fleet (`fleet: true`) is map layers instead — hundreds of HTML markers
 * would each be moved by the main thread on every frame, a GeoJSON source is clustered and drawn
 * by the GPU.
 */
export class GlMap implements MapRenderer {
  readonly kind = 'webgl';
  private readonly map: maplibregl.Map;
  private readonly loaded: Promise<void>;
  private readonly markers = new Map<string, maplibregl.Marker>();
  private clickHandler: (id: string) => void = () => {};

  private readonly fleet: boolean;

  constructor(container: HTMLElement, o: { tileUrl: string | null; basemapUrl: string | null; fleet?: boolean }) {
    this.fleet = Boolean(o.fleet);
    maplibregl.setWorkerUrl(new URL(workerUrl, location.href).href);
    addPmtilesProtocol(maplibregl);
    const absolute = (u: string) => new URL(u, location.href).href;
    const style = mapStyle({ tileUrl: o.tileUrl, worldUrl: absolute(worldUrl), basemapUrl: o.basemapUrl ? absolute(o.basemapUrl) : null, fleet: this.fleet });
    this.map = new maplibregl.Map({ container, style, center: [0, 20], zoom: 1, attributionControl: false, fadeDuration: 0 });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    // For tests and the benchmark: the zoom shown, and whether every tile in view has been drawn.
    this.map.on('idle', () => {
      container.dataset.zoom = this.map.getZoom().toFixed(2);
      container.dataset.idle = 'true';
      if (this.fleet) container.dataset.clusters = String(this.map.queryRenderedFeatures({ layers: ['device-clusters'] }).length);
    });
    this.map.on('dataloading', () => delete container.dataset.idle);
    this.map.on('movestart', () => delete container.dataset.idle);
    if (this.fleet) this.listenToFleetLayers();
  }

  private listenToFleetLayers() {
    this.map.on('click', 'device-points', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'string') this.clickHandler(id);
    });
    this.map.on('click', 'device-clusters', async (e) => {
      const f = e.features?.[0];
      if (!f || f.geometry.type !== 'Point') return;
      const zoom = await (this.map.getSource('devices') as GeoJSONSource).getClusterExpansionZoom(f.properties.cluster_id);
      this.map.easeTo({ center: f.geometry.coordinates as LngLat, zoom, duration: 300 });
    });
    for (const layer of ['device-points', 'device-clusters']) {
      this.map.on('mouseenter', layer, () => (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', layer, () => (this.map.getCanvas().style.cursor = ''));
    }
  }

  setFleet(f: FleetOverlay) {
    this.source('fleet-routes', { type: 'FeatureCollection', features: f.routes.map((r) => line(r)) });
    this.source('fleet-destinations', {
      type: 'FeatureCollection',
      features: f.destinations.map((d) => ({ type: 'Feature', properties: { at_risk: d.atRisk }, geometry: { type: 'Point', coordinates: d.position } })),
    });
  }

  /** The planning view's layers are added on first use: the other pages never pay for them. */
  setPlanRoutes(routes: PlanRouteOverlay[]) {
    const lines: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: routes.filter((r) => r.stops.length > 1).map((r) => ({ ...line(r.stops), properties: { color: r.color } })),
    };
    const stops: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: routes.flatMap((r) =>
        r.stops.map((c, i) => ({
          type: 'Feature' as const,
          properties: { color: r.color, n: String(i + 1), route: r.id },
          geometry: { type: 'Point' as const, coordinates: c },
        })),
      ),
    };
    void this.loaded.then(() => {
      if (!this.map.getSource('plan-lines')) {
        this.map.addSource('plan-lines', { type: 'geojson', data: lines });
        this.map.addSource('plan-stops', { type: 'geojson', data: stops });
        this.map.addLayer({
          id: 'plan-lines',
          type: 'line',
          source: 'plan-lines',
          paint: { 'line-color': ['get', 'color'], 'line-width': 3, 'line-opacity': 0.85 },
        });
        this.map.addLayer({
          id: 'plan-stops',
          type: 'circle',
          source: 'plan-stops',
          paint: { 'circle-radius': 9, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
        });
        this.map.addLayer({
          id: 'plan-stop-numbers',
          type: 'symbol',
          source: 'plan-stops',
          layout: { 'text-field': ['get', 'n'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-allow-overlap': true },
          paint: { 'text-color': '#fff' },
        });
        return;
      }
      (this.map.getSource('plan-lines') as GeoJSONSource).setData(lines);
      (this.map.getSource('plan-stops') as GeoJSONSource).setData(stops);
    });
  }

  focus(position: LngLat, zoom: number) {
    this.map.easeTo({ center: position, zoom: Math.max(zoom, this.map.getZoom()), duration: 400 });
  }

  private source(id: string, data: GeoJSON.FeatureCollection | GeoJSON.Feature) {
    void this.loaded.then(() => (this.map.getSource(id) as GeoJSONSource | undefined)?.setData(data));
  }

  setPath(coords: LngLat[]) {
    this.source('path', coords.length > 1 ? line(coords) : points([]));
  }

  setDestination(point: LngLat | null) {
    this.source('destination', points(point ? [point] : []));
  }

  setMarkers(list: MapMarker[]) {
    if (this.fleet) {
      this.source('devices', {
        type: 'FeatureCollection',
        features: list.map((m) => ({
          type: 'Feature',
          properties: {
            id: m.id,
            label: m.label ?? '',
            selected: Boolean(m.selected),
            stale: Boolean(m.stale),
            ...(m.bearing === null ? {} : { bearing: m.bearing }),
          },
          geometry: { type: 'Point', coordinates: m.position },
        })),
      });
      return;
    }
    const seen = new Set<string>();
    for (const m of list) {
      seen.add(m.id);
      let marker = this.markers.get(m.id);
      if (!marker) {
        const dom = document.createElement('div');
        dom.className = 'gl-marker';
        dom.innerHTML = '<span class="gl-marker-arrow"></span>';
        dom.addEventListener('click', () => this.clickHandler(m.id));
        marker = new maplibregl.Marker({ element: dom, rotationAlignment: 'map' }).setLngLat(m.position).addTo(this.map);
        this.markers.set(m.id, marker);
      }
      marker.setLngLat(m.position).setRotation(m.bearing ?? 0);
      const dom = marker.getElement();
      dom.classList.toggle('stale', Boolean(m.stale));
      dom.classList.toggle('selected', Boolean(m.selected));
      dom.classList.toggle('no-heading', m.bearing === null);
      dom.title = m.label ?? '';
    }
    for (const [id, marker] of this.markers) {
      if (!seen.has(id)) {
        marker.remove();
        this.markers.delete(id);
      }
    }
  }

  onMarkerClick(fn: (id: string) => void) {
    this.clickHandler = fn;
  }

  onMapClick(fn: (at: LngLat) => void) {
    this.map.on('click', (e) => fn([e.lngLat.lng, e.lngLat.lat]));
  }

  fit(list: LngLat[]) {
    if (list.length === 0) return;
    const bounds = list.reduce((b, p) => b.extend(p), new LngLatBounds(list[0]!, list[0]!));
    this.map.fitBounds(bounds, { padding: 48, maxZoom: 16, duration: 0 });
  }
}
