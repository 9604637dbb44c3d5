import { readFileSync } from 'node:fs';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { writePmtiles } from '../../scripts/basemap/pmtiles-writer.ts';
import { vectorTiles } from '../../scripts/basemap/vector-tiles.ts';

/** The reader the pages use (pmtiles), fed from memory. */
class BufferSource implements Source {
  constructor(private readonly buf: Buffer) {}
  getKey() {
    return 'memory';
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.buf.subarray(offset, offset + length);
    return { data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength) as ArrayBuffer };
  }
}

const square = (w: number, s: number, e: number, n: number): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { kind: 'land' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    },
  ],
});

describe('PMTiles writer (scripts/basemap)', () => {
  it('writes an archive the pmtiles reader reads back tile for tile, with header, bounds and metadata', async () => {
    const tiles = vectorTiles({ earth: square(-10, -10, 10, 10) }, { minZoom: 0, maxZoom: 4, bounds: [-10, -10, 10, 10] });
    const archive = writePmtiles(tiles, { bounds: [-10, -10, 10, 10], center: [0, 0, 2], metadata: { name: 'square' } });
    const reader = new PMTiles(new BufferSource(archive));
    const header = await reader.getHeader();
    expect(header).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 4, minLon: -10, maxLon: 10, tileType: 1, numAddressedTiles: tiles.length });
    expect(await reader.getMetadata()).toEqual({ name: 'square' });
    for (const t of tiles) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(got, `${t.z}/${t.x}/${t.y}`).toBeDefined();
      expect(Buffer.from(got!.data).equals(Buffer.from(t.data))).toBe(true);
    }
    // A tile outside the land square was never written.
    expect(await reader.getZxy(4, 0, 0)).toBeUndefined();
  });

  it('stores identical tiles once and puts them in runs; leaf directories when the root would not fit 16 KiB', async () => {
    const same = new Uint8Array([1, 2, 3]);
    const tiles = [];
    for (let x = 0; x < 2 ** 8; x++)
      for (let y = 0; y < 2 ** 8; y++) tiles.push({ z: 8, x, y, data: (x * 7 + y) % 5 === 0 ? same : new Uint8Array([x % 256, y % 256, x >> 8]) });
    const archive = writePmtiles(tiles, { bounds: [-180, -85, 180, 85], center: [0, 0, 8], metadata: {} });
    const reader = new PMTiles(new BufferSource(archive));
    const header = await reader.getHeader();
    expect(header.numAddressedTiles).toBe(tiles.length);
    expect(header.numTileContents).toBeLessThan(tiles.length);
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    for (const t of [tiles[0]!, tiles[1234]!, tiles[40_000]!, tiles.at(-1)!]) {
      expect(Buffer.from((await reader.getZxy(t.z, t.x, t.y))!.data).equals(Buffer.from(t.data))).toBe(true);
    }
  });

  it('ships a world basemap with land, borders and places from zoom 0 to 5', async () => {
    const reader = new PMTiles(new BufferSource(readFileSync(new URL('../../web/shared/world.pmtiles', import.meta.url))));
    const header = await reader.getHeader();
    expect([header.minZoom, header.maxZoom]).toEqual([0, 5]);
    const z0 = await reader.getZxy(0, 0, 0);
    const text = Buffer.from(z0!.data).toString('latin1');
    // MVT layer names are plain strings inside the protobuf.
    for (const layer of ['earth', 'boundaries', 'places']) expect(text).toContain(layer);
    expect(text).toContain('Tokyo');
  });
});
