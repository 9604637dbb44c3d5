import { describeFailures, type LoadResult, type LoadSpec, runLoad } from './load.ts';
import { type Cell, fmtInt, fmtMs, formatTable } from './table.ts';

export interface MeasureOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Width of the label column in the progress lines. */
  labelWidth: number;
}

/** A warm-up run, then the measured one, printed as one progress line. */
export async function measureRequests(
  label: string,
  spec: Omit<LoadSpec, 'connections' | 'seconds'>,
  o: MeasureOptions,
  warmup?: Partial<LoadSpec>,
): Promise<LoadResult> {
  process.stdout.write(`  ${label.padEnd(o.labelWidth)}`);
  if (o.warmupSeconds > 0) await runLoad({ ...spec, connections: o.connections, seconds: o.warmupSeconds, ...warmup });
  const r = await runLoad({ ...spec, connections: o.connections, seconds: o.seconds });
  const failures = describeFailures(r);
  console.log(
    `${fmtInt(r.rps).padStart(7)} req/s  p50 ${fmtMs(r.p50)} ms  p99 ${fmtMs(r.p99)} ms  max ${fmtMs(r.maxMs)} ms  n=${fmtInt(r.completed)}${failures ? `  ${failures}` : ''}`,
  );
  return r;
}

export interface OperationRow {
  operation: string;
  result: LoadResult;
  note: string;
}

/** The closing table of a PostgreSQL request bench: one row per operation. */
export function printOperationTable(rows: OperationRow[]): void {
  const cells: Cell[][] = rows.map(({ operation, result, note }) => [
    'postgres',
    operation,
    fmtInt(result.rps),
    fmtMs(result.p99),
    [describeFailures(result), note].filter(Boolean).join('; '),
  ]);
  console.log(`\n${formatTable(['store', 'operation', 'req/s', 'p99 ms', 'notes'], cells)}`);
}
