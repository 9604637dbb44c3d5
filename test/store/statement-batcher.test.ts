import { describe, expect, it } from 'vitest';
import { StatementBatcher } from '../../src/store/statement-batcher.ts';

/** A `run` that records each batch it was given and answers after a turn of the event loop. */
function recorder(answer: (items: number[]) => number[] = (items) => items.map((i) => i * 10)) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (items: number[]) => {
    batches.push(items);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return answer(items);
  };
  return { run, batches, maxInFlight: () => maxInFlight };
}

describe('StatementBatcher', () => {
  it('a lone item runs alone, without waiting for company', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 2, maxItems: 10 });
    expect(await b.submit(7)).toBe(70);
    expect(r.batches).toEqual([[7]]);
  });

  it('items submitted together share batches, each caller gets its own answer, in order', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 100 });
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(await Promise.all(items.map((i) => b.submit(i)))).toEqual(items.map((i) => i * 10));
    expect(r.batches.length).toBeLessThan(items.length);
    expect(r.batches.flat()).toEqual(items);
  });

  it('items arriving while a batch is in flight wait for a free slot and then go together', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 100 });
    const first = b.submit(1);
    await new Promise((res) => setImmediate(res));
    const later = [2, 3, 4].map((i) => b.submit(i));
    await Promise.all([first, ...later]);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    expect(r.maxInFlight()).toBe(1);
  });

  it('keeps to maxItems and parallel', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 3, maxItems: 4 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => b.submit(i)));
    expect(Math.max(...r.batches.map((x) => x.length))).toBeLessThanOrEqual(4);
    expect(r.maxInFlight()).toBeLessThanOrEqual(3);
    expect(r.batches.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('never puts two items with one key in the same batch; the second keeps its turn', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 10, keysOf: (i) => [String(i % 3)] });
    await Promise.all([0, 1, 3, 2, 4].map((i) => b.submit(i)));
    for (const batch of r.batches) expect(new Set(batch.map((i) => i % 3)).size).toBe(batch.length);
    expect(r.batches).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('exclusive keys: an item waits while its key is in flight, and never overtakes an earlier one', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 2, maxItems: 10, keysOf: (i) => [String(i % 10)], exclusive: true });
    const first = b.submit(1);
    await new Promise((res) => setImmediate(res));
    // 11 shares key 1 with the batch in flight; 2 does not. The second slot takes 2 at once.
    await Promise.all([first, b.submit(11), b.submit(2), b.submit(21)]);
    expect(r.batches).toEqual([[1], [2], [11], [21]]);
  });

  it('weights: a batch stays within maxWeight, and an item that did not fit holds back later items of its key', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 10, weightOf: (i) => i, maxWeight: 10, keysOf: (i) => [String(i % 2)] });
    await Promise.all([8, 3, 4, 1, 12].map((i) => b.submit(i)));
    // 1 would fit beside 8, but 3 (its key) did not: 1 must not overtake it. 12 is over the
    // limit, and goes alone when it is first.
    expect(r.batches).toEqual([[8], [3, 4], [1], [12]]);
  });

  it('an item with several keys waits for each of them', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 10, keysOf: (i) => (i === 12 ? ['1', '2'] : [String(i)]) });
    await Promise.all([1, 12, 3, 2].map((i) => b.submit(i)));
    // 12 shares key 1 with 1; 2 then waits behind 12 (key 2), 3 shares nothing.
    expect(r.batches).toEqual([[1, 3], [12], [2]]);
  });

  it('a failing batch is run again item by item: only the bad item fails', async () => {
    const r = recorder((items) => {
      if (items.includes(13)) throw new Error('unique violation');
      return items.map((i) => -i);
    });
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 10 });
    const results = await Promise.allSettled([11, 12, 13, 14].map((i) => b.submit(i)));
    expect(results.map((x) => (x.status === 'fulfilled' ? x.value : (x.reason as Error).message))).toEqual([-11, -12, 'unique violation', -14]);
    expect(r.batches).toEqual([[11, 12, 13, 14], [11], [12], [13], [14]]);
  });

  it('a lone failing item is rejected once, not retried', async () => {
    const r = recorder(() => {
      throw new Error('down');
    });
    const b = new StatementBatcher(r.run, { parallel: 1, maxItems: 10 });
    await expect(b.submit(1)).rejects.toThrow('down');
    expect(r.batches).toEqual([[1]]);
  });
});
