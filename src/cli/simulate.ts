import type { Protocol } from '../simulator/post-fix.ts';
import { formatProgress, runSimulation } from '../simulator/run-simulation.ts';

export interface SimulateArgs {
  drivers: string;
  rate: string;
  speedup: string;
  url: string;
  accountId?: string;
  secret?: string;
  protocol: string;
  seed: string;
}

const positive = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${v}"`);
  return n;
};

/** `dropline simulate`: drives simulated trips against a running server; progress on stderr. */
export async function runSimulateCommand(a: SimulateArgs): Promise<void> {
  const accountId = a.accountId ?? process.env.DROPLINE_ACCOUNT_ID;
  const secretKey = a.secret ?? process.env.DROPLINE_SECRET_KEY;
  if (!accountId || !secretKey) {
    throw new Error('account credentials are required: --account-id and --secret, or DROPLINE_ACCOUNT_ID and DROPLINE_SECRET_KEY');
  }
  if (a.protocol !== 'osmand' && a.protocol !== 'native') throw new Error(`--protocol must be osmand or native, got "${a.protocol}"`);
  // Ctrl-C ends the trips and cancels their orders; a second Ctrl-C quits at once.
  const stop = new AbortController();
  const interrupt = () => {
    process.stderr.write('\nstopping: cancelling the simulated orders (Ctrl-C again to quit now)\n');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const result = await runSimulation({
    url: a.url,
    accountId,
    secretKey,
    drivers: Math.floor(positive('drivers', a.drivers)),
    rateSeconds: positive('rate', a.rate),
    speedup: positive('speedup', a.speedup),
    protocol: a.protocol as Protocol,
    seed: Math.floor(Number(a.seed)) || 1,
    signal: stop.signal,
    onProgress: (p) => {
      // One line, rewritten in place on a terminal; every 5 s when piped to a log.
      if (tty) process.stderr.write(`\r${formatProgress(p)}\x1b[K`);
      else if (p.elapsedMs - lastLine >= 5000) {
        lastLine = p.elapsedMs;
        process.stderr.write(`${formatProgress(p)}\n`);
      }
    },
  });
  process.stderr.write(`${tty ? '\r' : ''}${formatProgress(result)}${tty ? '\x1b[K' : ''}\n`);
  process.removeListener('SIGINT', interrupt);
  const outcome = result.aborted ? 'stopped early and cancelled' : 'tracked and completed';
  process.stdout.write(`${result.driverRuns.length} orders ${outcome}: ${result.driverRuns.map((d) => d.orderHandle).join(', ')}\n`);
  if (result.errors > 0) process.exitCode = 1;
}
