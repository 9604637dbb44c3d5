import { DomainError } from '../../core/errors.ts';
import { findUnstorable } from '../shared/storable.ts';

/** A query parameter refused with the ValidationError body naming it. */
export const refuse = (field: string, message: string) => new DomainError('invalid_request', message, { location: 'query', field });

/** A JSON-object query parameter (HyperTrack's URL-encoded JSON filters), or a refusal naming it. */
export function jsonObject(raw: string | undefined, field: string, example: string): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    // reported below
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw refuse(field, `Expected a JSON object, e.g. ${example}`);
  // The object is compared as jsonb, which refuses what PostgreSQL cannot store (a \u0000 escape).
  const bad = findUnstorable(v);
  if (bad) throw refuse(field, `${bad.field}: ${bad.reason}`);
  return v as Record<string, unknown>;
}
