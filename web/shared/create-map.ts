import { loadBasemap } from './basemap.ts';
import { hasWebGl, type MapRenderer, MapView } from './map-view.ts';
import { SvgMap } from './svg-map.ts';

/**
 * MapLibre is loaded only where WebGL works (it is most of the page's weight); elsewhere the SVG
 * renderer draws the same layers. The basemap loads in parallel and arrives when it arrives.
 */
export async function createMap(container: HTMLElement, tileUrl: string | null): Promise<MapView> {
  let renderer: MapRenderer;
  if (hasWebGl()) {
    try {
      const { GlMap } = await import('./gl-map.ts');
      renderer = new GlMap(container, tileUrl);
    } catch {
      renderer = new SvgMap(container);
    }
  } else {
    renderer = new SvgMap(container);
  }
  loadBasemap().then(
    (countries) => renderer.setBasemap(countries),
    () => {},
  );
  return new MapView(container, renderer);
}
