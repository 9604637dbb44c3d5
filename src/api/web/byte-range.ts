export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * Reads a `Range: bytes=…` header against a file of `size` bytes (RFC 9110 §14.1.2). Returns null
 * when the whole file should be sent (no header, another unit, several ranges — PMTiles readers
 * ask for one range at a time, so a multipart body is never worth it). A range running past the
 * end is cut at the end, as the RFC says; one starting past it is unsatisfiable (416).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  const m = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
