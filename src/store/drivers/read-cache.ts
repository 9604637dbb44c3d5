/**
 * The embedded store's read cache. PGlite runs inside this process and the data directory is
 * locked to it, so every statement that can change data passes through our one connection: a
 * result read since the last such statement is still exact. Any statement not marked cacheable
 * (writes, BEGIN, COMMIT, ROLLBACK, DDL, locking reads) clears the whole cache, which also keeps
 * a transaction's uncommitted rows from outliving it. Hits are cloned so that no caller can
 * change what the next one gets.
 */
export class ReadCache {
  private readonly entries = new Map<string, readonly unknown[]>();

  constructor(private readonly maxEntries = 5_000) {}

  get(key: string): unknown[] | undefined {
    const rows = this.entries.get(key);
    return rows ? structuredClone(rows as unknown[]) : undefined;
  }

  set(key: string, rows: unknown[]): void {
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, structuredClone(rows));
  }

  clear(): void {
    if (this.entries.size > 0) this.entries.clear();
  }
}
