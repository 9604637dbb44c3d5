import { afterAll, beforeAll } from 'vitest';
import type { StoreKind } from '../../src/store/store.ts';
import { startTestApi, type TestApi } from './api.ts';
import { jsonCall } from './json-call.ts';

/**
 * The API on a fresh store of `kind` for the tests of one describe block: started before them,
 * closed after. `t` is the running API (read it in a test or a later hook); `call` is its first
 * account's status-checked JSON caller.
 */
export function apiSuite(kind: StoreKind, opts?: Parameters<typeof startTestApi>[1]) {
  let running: TestApi | undefined;
  beforeAll(async () => {
    running = await startTestApi(kind, opts);
  });
  afterAll(() => running?.close());
  const current = (): TestApi => {
    if (!running) throw new Error('the suite API is read before its beforeAll has started it');
    return running;
  };
  return {
    get t() {
      return current();
    },
    call: jsonCall(() => current().api),
  };
}
