/**
 * Rows of a dialect's own tables that belong to an order change and are written by the same
 * statement as the orders (order-change.repo.ts): one statement instead of a transaction, on the
 * hottest write path. Each dialect declares its keys here from its own repo file (module
 * augmentation), so the shared repo names none.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each dialect's declaration
export interface AlongsideRows {}

/** What the statement stored that the caller could not know (ids an upsert kept), per dialect key. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each dialect's declaration
export interface AlongsideStored {}

export type AlongsideKey = keyof AlongsideRows & string;

/**
 * A dialect's contribution to the order-change statement, registered once when the store opens
 * (StoreConfig.alongside, from src/dialects.ts).
 *
 * The statement's text is fixed when the store opens: each input is one JSON array parameter and
 * `ctes` returns the dialect's common table expressions (`name as (...)`, comma-separated, no
 * trailing comma) reading them. They may read `rec` (the changes' order records) and `u` (the ids
 * of the order rows the statement wrote) to act only for changes whose version check passed.
 */
export interface AlongsidePart {
  readonly name: string;
  /** The keys of AlongsideRows it writes, each with the JSON of its rows as the statement reads them. */
  readonly inputs: readonly { key: AlongsideKey; json(rows: readonly unknown[]): string }[];
  /** `param(key)` is the `$n` placeholder of an input. */
  ctes(param: (key: AlongsideKey) => string): string;
  /** A JSON value the statement returns for this part, split back per group of changes. */
  readonly returns?: {
    /** A scalar subquery over the part's CTEs, e.g. `(select json_agg(x) from x)`. */
    sql: string;
    split(value: unknown[], groups: readonly AlongsideRows[]): Partial<AlongsideStored>[];
  };
  /** Batcher keys of a group's rows: two statements in flight never write one such row. */
  keysOf?(rows: AlongsideRows): string[];
}
