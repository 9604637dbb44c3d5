export type Cell = string | number;

const NUMERIC = /^-?[\d,.]+%?$/;

/** A plain-text table, two spaces between columns; numeric cells are right-aligned. */
export function formatTable(header: string[], rows: Cell[][]): string {
  const text = (c: Cell | undefined) => (c === undefined ? '' : String(c));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => text(r[i]).length)));
  const line = (cells: Cell[]) =>
    header
      .map((_, i) => {
        const c = cells[i];
        const s = text(c);
        return typeof c === 'number' || NUMERIC.test(s) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
