import { describe, expect, it } from 'vitest';
import { resender } from '../../../src/api/shared/sse.ts';

interface Row {
  version: string;
}

/** A store whose reads the test answers one by one, in any order it likes. */
function slowStore() {
  const pending: ((r: Row) => void)[] = [];
  return {
    read: () => new Promise<Row | null>((resolve) => pending.push(resolve)),
    answer: (i: number, r: Row) => pending[i]!(r),
    reads: () => pending.length,
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('resender (a stream re-reading its record on each notification)', () => {
  it('reads one at a time, so an older version is never sent after a newer one', async () => {
    const store = slowStore();
    const sent: string[] = [];
    const changed = resender({ read: store.read, versionOf: (r: Row) => r.version, send: (r) => sent.push(r.version), sent: 'v0' });
    changed();
    changed();
    changed();
    await tick();
    expect(store.reads()).toBe(1);
    store.answer(0, { version: 'v1' });
    await tick();
    // The calls made during the first read fold into one more read, started after it.
    expect(store.reads()).toBe(2);
    store.answer(1, { version: 'v2' });
    await tick();
    expect(store.reads()).toBe(2);
    expect(sent).toEqual(['v1', 'v2']);
  });

  it('sends nothing when the version read is the one last sent', async () => {
    const store = slowStore();
    const sent: string[] = [];
    const changed = resender({ read: store.read, versionOf: (r: Row) => r.version, send: (r) => sent.push(r.version), sent: 'v0' });
    changed();
    await tick();
    store.answer(0, { version: 'v0' });
    await tick();
    changed();
    await tick();
    store.answer(1, { version: 'v3' });
    await tick();
    expect(sent).toEqual(['v3']);
  });

  it('a failed or empty read sends nothing and the next notification reads again', async () => {
    let calls = 0;
    const sent: string[] = [];
    const changed = resender({
      read: async () => {
        calls++;
        if (calls === 1) throw new Error('store down');
        return calls === 2 ? null : { version: 'v9' };
      },
      versionOf: (r: Row) => r.version,
      send: (r) => sent.push(r.version),
      sent: undefined,
    });
    for (let i = 0; i < 3; i++) {
      changed();
      await tick();
    }
    expect(sent).toEqual(['v9']);
  });
});
