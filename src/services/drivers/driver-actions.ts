import { DomainError } from '../../core/errors.ts';
import type { Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';

/** One mutating call of the driver app, under the client's action id (docs/driver-app.md "Idempotency"). */
export interface ActionCall {
  worker: Worker;
  actionId: string;
  action: string;
  /** The stop's id, or '' for the worker itself. */
  subject: string;
}

export interface Answered<T> {
  answer: T;
  replayed: boolean;
}

/** The first answer of this action id, or null when it is new; an id used for another call is refused. */
export async function priorAnswer<T>(repos: Repos, call: ActionCall): Promise<Answered<T> | null> {
  const prior = await repos.drivers.findAction(call.worker.accountId, call.worker.workerHandle, call.actionId);
  if (!prior) return null;
  if (prior.action !== call.action || prior.subject !== call.subject) {
    throw new DomainError('duplicate_resource', 'This action id was already used for another action', {
      rule: 'action_id_reused',
      actionId: call.actionId,
    });
  }
  return { answer: prior.answer as T, replayed: true };
}

/** Keeps the answer under the action id, in the action's own transaction. */
export async function recordAnswer<T>(repos: Repos, call: ActionCall, answer: T, now: Date): Promise<Answered<T>> {
  await repos.drivers.insertAction({
    accountId: call.worker.accountId,
    workerHandle: call.worker.workerHandle,
    actionId: call.actionId,
    action: call.action,
    subject: call.subject,
    answer,
    createdAt: now,
  });
  return { answer, replayed: false };
}
