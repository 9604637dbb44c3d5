import type { DriverProofRecord } from '../../core/driver/proofs.ts';
import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { DriverStopFacts, DriverStopSource } from '../dialects/dialect.ts';
import { type NoteInput, appendNotes } from './notes.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The task and way point of a Bringg stop, when the order is one. */
async function placeOf(repos: Repos, o: Order) {
  const task = await repos.bringg.findTask(o.accountId, { orderHandle: o.orderHandle }, { forUpdate: true });
  if (!task) return null;
  const wayPoints = await repos.bringg.listWayPoints([task.taskId]);
  const wayPoint = wayPoints.find((w) => w.orderType === o.type && w.typeIndex === o.typeIndex);
  return wayPoint ? { task, wayPoint } : null;
}

/**
 * A Bringg stop in the driver app: the way point's name, phone and note, the task customer's when
 * the way point has none; Bringg names no proof requirements, so the account's default applies.
 * The proof becomes the way point's notes on the task (a text note, the photo, the signature, each
 * with its way point id), as Bringg's own app adds them (create_note's `note`/`type`/`url`).
 */
export const bringgDriverStops: DriverStopSource = {
  async facts(repos, accountId, orders) {
    const out = new Map<string, DriverStopFacts>();
    const handles = [...new Set(orders.map((o) => o.orderHandle))];
    const tasks = await repos.bringg.listTasks(accountId, { orderHandles: handles });
    if (tasks.length === 0) return out;
    const wayPoints = await repos.bringg.listWayPoints(tasks.map((t) => t.taskId));
    for (const o of orders) {
      const task = tasks.find((t) => t.orderHandle === o.orderHandle);
      const wp = task && wayPoints.find((w) => w.taskId === task.taskId && w.orderType === o.type && w.typeIndex === o.typeIndex);
      if (!task || !wp) continue;
      const customer = task.customerId === null ? null : await repos.bringg.findCustomer(accountId, { customerId: task.customerId });
      const c = customer?.details ?? {};
      out.set(o.id, {
        customerName: str(wp.details.name) ?? str(c.name),
        customerPhone: str(wp.details.phone) ?? str(c.phone),
        instructions: str(wp.details.note),
      });
    }
    return out;
  },

  async recordProof(repos, order: Order, proof: DriverProofRecord, now: Date) {
    const place = await placeOf(repos, order);
    if (!place) return;
    const at = proof.completionLocation;
    const base = { happened_at: proof.completedAt.toISOString(), lat: at?.lat ?? null, lng: at?.lng ?? null };
    const notes: NoteInput[] = [];
    const add = (type: string, note: string | null, url: string | null) =>
      notes.push({ note, type, wayPointId: place.wayPoint.wayPointId, details: { ...base, url } });
    if (proof.notes) add('Note', proof.notes, null);
    if (proof.photoRef) add('TaskPhoto', null, proof.photoRef);
    if (proof.signatureRef) add('Signature', proof.signerName, proof.signatureRef);
    if (notes.length === 0) return;
    await repos.bringg.updateTask({ ...(await appendNotes(repos, place.task, notes, now)), updatedAt: now });
  },
};
