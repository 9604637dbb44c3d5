export interface Account {
  accountId: string;
  name: string;
  /** SHA-256 (hex) of the secret key; the secret itself is shown once and never stored. */
  secretHash: string;
  createdAt: Date;
}
