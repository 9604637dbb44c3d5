export interface StatementBatcherOptions<I> {
  /** Batches in flight at once (the embedded store is one session: 1). */
  parallel: number;
  /** Most items in one batch. */
  maxItems: number;
  /**
   * Items sharing a key never share a batch (one statement may not write one row twice), and a
   * later item of a key never overtakes an earlier one. An item may have several keys.
   */
  keysOf?: (item: I) => readonly string[];
  /** With `keysOf`: an item also waits while a batch holding one of its keys is in flight. */
  exclusive?: boolean;
  /** With `maxWeight`: most total weight in one batch (a first item always fits). */
  weightOf?: (item: I) => number;
  maxWeight?: number;
}

interface Pending<I, O> {
  item: I;
  resolve(out: O): void;
  reject(err: unknown): void;
}

/**
 * Natural batching for a hot statement: callers submit one item each; items that arrive while
 * the earlier batches are in flight wait and then go together, as ONE statement (`run`), so
 * PostgreSQL starts one executor, commits once and flushes its WAL once for all of them, and the
 * driver makes one round trip. Each caller is answered only when its batch has completed: a
 * write's promise still resolves after its commit. At low load nothing waits: with a free slot a
 * batch (of one) starts on the next turn of the event loop. When a batch fails as a whole, each
 * of its items is run again alone, so one item's error (a unique violation, say) is that item's
 * alone and the others still succeed.
 */
export class StatementBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  /** Keys of the batches in flight (`exclusive` only). */
  private readonly inFlight = new Set<string>();
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: StatementBatcherOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.opts.parallel || this.pending.length === 0) return;
    this.scheduled = true;
    // After the poll phase, so that every request parsed in this turn joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.opts.parallel && this.pending.length > 0) {
        const batch = this.take();
        // Everything waiting waits for a key in flight: its batch's end schedules again.
        if (batch.length === 0) return;
        this.running++;
        void this.execute(batch).finally(() => {
          this.running--;
          if (this.opts.exclusive && this.opts.keysOf) {
            for (const p of batch) for (const key of this.opts.keysOf(p.item)) this.inFlight.delete(key);
          }
          this.schedule();
        });
      }
    });
  }

  /** The oldest items that fit, none sharing a key; the rest keep their order. */
  private take(): Pending<I, O>[] {
    const { keysOf, exclusive, weightOf, maxWeight = Number.POSITIVE_INFINITY, maxItems } = this.opts;
    if (!keysOf && !weightOf) return this.pending.splice(0, maxItems);
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const held = new Set<string>();
    let weight = 0;
    for (const p of this.pending) {
      const keys = keysOf?.(p.item) ?? [];
      const w = weightOf?.(p.item) ?? 0;
      const fits = batch.length < maxItems && (batch.length === 0 || weight + w <= maxWeight);
      const waits = keys.some((k) => held.has(k) || (exclusive === true && this.inFlight.has(k)));
      for (const k of keys) held.add(k);
      if (!fits || waits) {
        rest.push(p);
        continue;
      }
      if (exclusive) for (const k of keys) this.inFlight.add(k);
      batch.push(p);
      weight += w;
    }
    this.pending = rest;
    return batch;
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outs = await this.run(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(outs[i]!);
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
    }
    for (const p of batch) {
      try {
        p.resolve((await this.run([p.item]))[0]!);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
