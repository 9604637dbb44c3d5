import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  /** The tile as encoded (an MVT protobuf), uncompressed: the writer gzips it. */
  data: Uint8Array;
}

export interface ArchiveOptions {
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

// Clients read the header and root directory in one 16 KiB request (PMTiles v3 spec, "Directories").
const ROOT_BUDGET = 16_384 - 127;
const LEAF_SIZE = 4096;

/** Unsigned LEB128 without bit operators: tile ids pass 2^32 from zoom 16 on. */
function pushVarint(out: number[], n: number) {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function serializeDirectory(entries: Entry[]): Buffer {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return gzipSync(Buffer.from(out), { level: 9 });
}

/** Root directory, plus leaf directories when the root would not fit the first request. */
function directories(entries: Entry[]): { root: Buffer; leaves: Buffer } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_BUDGET) return { root, leaves: Buffer.alloc(0) };
  const leafParts: Buffer[] = [];
  const rootEntries: Entry[] = [];
  let offset = 0;
  for (let i = 0; i < entries.length; i += LEAF_SIZE) {
    const leaf = serializeDirectory(entries.slice(i, i + LEAF_SIZE));
    rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
    leafParts.push(leaf);
    offset += leaf.length;
  }
  const leafRoot = serializeDirectory(rootEntries);
  if (leafRoot.length > ROOT_BUDGET) throw new Error('too many tiles for one level of leaf directories');
  return { root: leafRoot, leaves: Buffer.concat(leafParts) };
}

/**
 * A PMTiles v3 archive of gzipped vector tiles: identical tiles (open ocean, empty land) are
 * stored once and runs of them share one directory entry, as the spec's run lengths allow.
 */
export function writePmtiles(tiles: ArchiveTile[], o: ArchiveOptions): Buffer {
  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const byHash = new Map<string, { offset: number; length: number }>();
  const data: Buffer[] = [];
  let dataLength = 0;
  const entries: Entry[] = [];
  for (const t of sorted) {
    const gz = gzipSync(t.data, { level: 9 });
    const hash = createHash('sha256').update(gz).digest('hex');
    let stored = byHash.get(hash);
    if (!stored) {
      stored = { offset: dataLength, length: gz.length };
      byHash.set(hash, stored);
      data.push(gz);
      dataLength += gz.length;
    }
    const last = entries.at(-1);
    if (last && last.offset === stored.offset && last.tileId + last.runLength === t.tileId) last.runLength++;
    else entries.push({ tileId: t.tileId, offset: stored.offset, length: stored.length, runLength: 1 });
  }
  const { root, leaves } = directories(entries);
  const metadata = gzipSync(Buffer.from(JSON.stringify(o.metadata)), { level: 9 });
  const minZoom = sorted.reduce((m, t) => Math.min(m, t.z), 255);
  const maxZoom = sorted.reduce((m, t) => Math.max(m, t.z), 0);
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const u64 = [
    rootOffset,
    root.length,
    metadataOffset,
    metadata.length,
    leavesOffset,
    leaves.length,
    dataOffset,
    dataLength,
    sorted.length,
    entries.length,
    byHash.size,
  ];
  for (const [i, v] of u64.entries()) header.writeBigUInt64LE(BigInt(v), 8 + i * 8);
  header.writeUInt8(1, 96); // clustered: tile data in tile-id order
  header.writeUInt8(2, 97); // internal compression: gzip
  header.writeUInt8(2, 98); // tile compression: gzip
  header.writeUInt8(1, 99); // tile type: MVT
  header.writeUInt8(minZoom, 100);
  header.writeUInt8(maxZoom, 101);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  const [w, s, e, n] = o.bounds;
  header.writeInt32LE(e7(w), 102);
  header.writeInt32LE(e7(s), 106);
  header.writeInt32LE(e7(e), 110);
  header.writeInt32LE(e7(n), 114);
  header.writeUInt8(o.center[2], 118);
  header.writeInt32LE(e7(o.center[0]), 119);
  header.writeInt32LE(e7(o.center[1]), 123);
  return Buffer.concat([header, root, metadata, leaves, ...data]);
}
