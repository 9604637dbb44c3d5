export interface StatementBatcherOptions<I> {
  /** Batches in flight at once (the embedded store is one session: 1). */
  parallel: number;
  /** Most items in one batch. */
  maxItems: number;
  /** Items with the same key never share a batch (one statement may not write one row twice). */
  keyOf?: (item: I) => string;
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
        this.running++;
        void this.execute(batch).finally(() => {
          this.running--;
          this.schedule();
        });
      }
    });
  }

  /** The oldest items, up to `maxItems`, at most one per key; the rest keep their order. */
  private take(): Pending<I, O>[] {
    const keyOf = this.opts.keyOf;
    if (!keyOf) return this.pending.splice(0, this.opts.maxItems);
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (const p of this.pending) {
      const key = keyOf(p.item);
      if (batch.length >= this.opts.maxItems || keys.has(key)) rest.push(p);
      else {
        keys.add(key);
        batch.push(p);
      }
    }
    this.pending = rest;
    return batch;
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outs = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outs[i]!));
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
