/**
 * Leading comments that tell the drivers how a hand-written hot statement may be run. They are
 * plain SQL comments, so both stores run the same text.
 */
export const MARKS = {
  /** PostgreSQL: run as a named prepared statement (parsed and planned once per connection). */
  prepared: '/* prepared */ ',
  /**
   * Embedded store: a read whose result depends on nothing but the stored rows (no clock, no
   * randomness, no locks), so it may be answered from the driver's read cache.
   */
  cacheable: '/* cacheable */ ',
  /**
   * Embedded store: a plain read (no locks, no side effects) that is neither cached nor clears the
   * cache. Pollers mark their idle checks with it so that they do not empty the cache every tick.
   */
  readonly: '/* readonly */ ',
} as const;

/** Whether `text`'s leading comments include `mark`. */
export const hasMark = (text: string, mark: string): boolean => {
  for (let at = 0; text.startsWith('/* ', at); ) {
    if (text.startsWith(mark, at)) return true;
    const end = text.indexOf('*/ ', at);
    if (end < 0) return false;
    at = end + 3;
  }
  return false;
};
