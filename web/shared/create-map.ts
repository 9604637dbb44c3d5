import { hasWebGl, type MapRenderer, MapView } from './map-view.ts';
import type { PageConfig } from './page-config.ts';
import { SvgMap } from './svg-map.ts';

/**
 * MapLibre is loaded only where WebGL works (it is most of the page's weight); elsewhere the SVG
 * renderer draws the same overlays on the shipped country outlines.
 */
export async function createMap(container: HTMLElement, config: Pick<PageConfig, 'tileUrl' | 'basemapUrl'>, o: { fleet?: boolean } = {}): Promise<MapView> {
  let renderer: MapRenderer;
  if (hasWebGl()) {
    try {
      const { GlMap } = await import('./gl-map.ts');
      renderer = new GlMap(container, { tileUrl: config.tileUrl ?? null, basemapUrl: config.basemapUrl ?? null, fleet: o.fleet });
    } catch {
      renderer = new SvgMap(container);
    }
  } else {
    renderer = new SvgMap(container);
  }
  return new MapView(container, renderer);
}
