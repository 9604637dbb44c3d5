export interface Account {
  accountId: string;
  name: string;
  /** SHA-256 (hex) of the secret key; the secret itself is shown once and never stored. */
  secretHash: string;
  createdAt: Date;
}

/** What the tracking page shows of the account (docs/web.md "Branding"). */
export interface AccountBranding {
  /** Shown instead of "Your delivery"; null = no name. */
  displayName: string | null;
  /** A `data:image/…` URL (at most 64 KiB), so the page fetches nothing; null = no logo. */
  logo: string | null;
  /** `#rrggbb`, the page's accent colour; null = the default blue. */
  color: string | null;
  /** Whether the page shows a button to call the driver (the worker's `profile.phone`). */
  contactDriver: boolean;
  /** Whether the page shows the driver app's proof of delivery (photo, signature, time) once delivered. */
  showProof: boolean;
}

export const DEFAULT_BRANDING: AccountBranding = { displayName: null, logo: null, color: null, contactDriver: false, showProof: false };

/** Reads the stored object leniently: anything of the wrong type is the default. */
export function brandingOf(raw: Record<string, unknown> | null | undefined): AccountBranding {
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    displayName: s(raw?.display_name),
    logo: s(raw?.logo),
    color: s(raw?.color),
    contactDriver: raw?.contact_driver === true,
    showProof: raw?.show_proof_on_tracking_page === true,
  };
}

export const brandingRecord = (b: AccountBranding) => ({
  display_name: b.displayName,
  logo: b.logo,
  color: b.color,
  contact_driver: b.contactDriver,
  show_proof_on_tracking_page: b.showProof,
});
