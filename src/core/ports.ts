/** What the core is handed instead of reaching for the clock or randomness itself. */
export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A random UUID (v4), lower case. */
  uuid(): string;
  /** An unguessable, URL-safe code of at least 60 bits for public share links. */
  shareCode(): string;
  /** A URL-safe secret of at least 128 bits. */
  secret(): string;
}
