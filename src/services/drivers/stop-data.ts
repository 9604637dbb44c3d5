import { NO_PROOFS, type RequiredProofs } from '../../core/driver/proofs.ts';
import type { Order } from '../../core/order/types.ts';
import type { ProofFileMeta, StopProof } from '../../store/repos/driver.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { DriverStopFacts } from '../dialects/dialect.ts';

/** Everything the driver app shows of one stop. */
export interface DriverStopData {
  order: Order;
  /** 1-based place on its route, or null off a route. */
  sequence: number | null;
  customerName: string | null;
  customerPhone: string | null;
  instructions: string | null;
  required: RequiredProofs;
  /** The PIN the customer holds, when the stop has one. */
  pincode: string | null;
  files: ProofFileMeta[];
  proof: StopProof | null;
}

const PROOF_NAMES = ['photo', 'signature', 'pin'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

/** A native order's facts: Dropline's documented metadata keys (docs/driver-app.md). */
function nativeFacts(o: Order): DriverStopFacts {
  const m = o.metadata;
  const named = Array.isArray(m.required_proofs) ? new Set(m.required_proofs.filter((x): x is string => typeof x === 'string')) : null;
  return {
    customerName: str(m.customer_name),
    customerPhone: str(m.customer_phone),
    instructions: str(m.instructions),
    pincode: str(m.pincode),
    ...(named ? { required: Object.fromEntries(PROOF_NAMES.map((k) => [k, named.has(k)])) } : {}),
  };
}

/** The account's default requirements (GET/PATCH /settings/driver-app). */
export async function accountRequiredProofs(repos: Repos, accountId: string): Promise<Omit<RequiredProofs, 'barcodes'>> {
  const stored = (await repos.drivers.findRequiredProofs(accountId)) ?? {};
  return { photo: stored.photo === true, signature: stored.signature === true, pin: stored.pin === true };
}

/**
 * The stops' details from the dialect that carries each order, else from the native metadata;
 * requirements an order names none of come from the account's default. A PIN can only be asked
 * for when the stop has one to check against.
 */
export async function loadStopData(
  deps: Deps,
  repos: Repos,
  accountId: string,
  orders: readonly Order[],
  sequence: Map<string, number>,
): Promise<DriverStopData[]> {
  const facts = new Map<string, DriverStopFacts>();
  for (const d of deps.dialects) {
    if (!d.driverStops) continue;
    for (const [id, f] of await d.driverStops.facts(repos, accountId, orders)) facts.set(id, f);
  }
  const ids = orders.map((o) => o.id);
  const [defaults, files, proofs] = await Promise.all([
    accountRequiredProofs(repos, accountId),
    repos.drivers.proofFilesOf(accountId, ids),
    repos.drivers.stopProofsOf(accountId, ids),
  ]);
  return orders.map((o) => {
    const native = nativeFacts(o);
    const f = facts.get(o.id) ?? native;
    const pincode = f.pincode ?? native.pincode ?? null;
    const required = { ...NO_PROOFS, ...defaults, ...(native.required ?? {}), ...(f.required ?? {}) };
    return {
      order: o,
      sequence: sequence.get(o.id) ?? null,
      customerName: f.customerName ?? native.customerName ?? null,
      customerPhone: f.customerPhone ?? native.customerPhone ?? null,
      instructions: f.instructions ?? native.instructions ?? null,
      required: { ...required, pin: required.pin && pincode !== null },
      pincode,
      files: files.filter((x) => x.orderId === o.id),
      proof: proofs.find((p) => p.orderId === o.id) ?? null,
    };
  });
}
