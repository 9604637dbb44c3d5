/** Uber's WaypointInfo.detailed_address (reference §6). */
export interface DetailedAddress {
  street_address_1: string;
  street_address_2: string;
  city: string;
  state: string;
  zip_code: string;
  country: string;
  sublocality_level_1: string;
}

export interface ParsedAddress {
  /** One line, as Uber prints `address`. */
  formatted: string;
  detailed: DetailedAddress;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Uber addresses are strings: a JSON-encoded structured address (Uber's recommendation) or free
 * text (reference §3). A string that parses to an object is structured; anything else is free
 * text kept verbatim in street_address_1: a geocoder answers a point, not the parts.
 */
export function parseAddress(raw: string): ParsedAddress {
  let structured: Record<string, unknown> | null = null;
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) structured = v as Record<string, unknown>;
    } catch {
      // Not JSON after all: a free-text address that happens to start with a brace.
    }
  }
  if (!structured) {
    return {
      formatted: text,
      detailed: { street_address_1: text, street_address_2: '', city: '', state: '', zip_code: '', country: '', sublocality_level_1: '' },
    };
  }
  const lines = Array.isArray(structured.street_address)
    ? structured.street_address.map(str).filter(Boolean)
    : [str(structured.street_address)].filter(Boolean);
  const detailed: DetailedAddress = {
    street_address_1: lines[0] ?? '',
    street_address_2: lines.slice(1).join(', '),
    city: str(structured.city),
    state: str(structured.state),
    zip_code: str(structured.zip_code),
    country: str(structured.country),
    sublocality_level_1: str(structured.sublocality_level_1),
  };
  const stateZip = [detailed.state, detailed.zip_code].filter(Boolean).join(' ');
  const formatted = [...lines, detailed.city, stateZip, detailed.country].filter(Boolean).join(', ');
  return { formatted, detailed };
}

/** Whether the address says anything at all (Uber: `address` "This field is required."). */
export const isBlankAddress = (a: ParsedAddress): boolean => a.formatted === '';
