import { bringgDialect } from './api/bringg/dialect.ts';
import { hypertrackDialect } from './api/hypertrack/dialect.ts';
import type { Dialect } from './api/shared/dialect.ts';
import { uberDialect } from './api/uber/dialect.ts';
import type { AlongsidePart } from './store/alongside.ts';

/**
 * The one registration list: every dialect the server speaks, in the order their routes are
 * registered and a new account's credentials are created. `createDeps(store, { dialects })` takes
 * it; nothing in src/core, src/store or the shared services imports a dialect
 * (docs/architecture.md "How to add a dialect").
 */
export const DIALECTS: readonly Dialect[] = [hypertrackDialect, bringgDialect, uberDialect];

/** What the registered dialects write with order changes: `openStore({ …, alongside: alongsideParts(DIALECTS) })`. */
export const alongsideParts = (dialects: readonly Pick<Dialect, 'alongside'>[]): AlongsidePart[] => dialects.flatMap((d) => (d.alongside ? [d.alongside] : []));
