import type { Repos } from '../../store/store.ts';
import { renderTask, renderWayPoint } from './task-document.ts';
import { loadView } from './task-records.ts';

/** Which stop of a core order an outbox event is about. */
export interface StopRef {
  accountId: string;
  orderHandle: string;
  type: string;
  typeIndex: number;
}

/** Where a stop sits in its Bringg task; null when the order is not a Bringg task. */
export interface BringgStopPlace {
  taskId: number;
  /** The stop is the task's last way point: its transitions are the task's own (done, cancelled…). */
  last: boolean;
}

/** What a Bringg webhook shows: the task object and the event's way point, as they are now. */
export interface BringgTaskSnapshot {
  merchantId: number;
  task: Record<string, unknown>;
  wayPoint: Record<string, unknown>;
}

export async function bringgStopPlace(repos: Repos, ref: StopRef): Promise<BringgStopPlace | null> {
  const task = await repos.bringg.findTask(ref.accountId, { orderHandle: ref.orderHandle });
  if (!task) return null;
  const wayPoints = await repos.bringg.listWayPoints([task.taskId]);
  const wp = wayPoints.find((w) => w.orderType === ref.type && w.typeIndex === ref.typeIndex);
  if (!wp) return null;
  return { taskId: task.taskId, last: wp.position === Math.max(...wayPoints.map((w) => w.position)) };
}

export async function bringgTaskSnapshot(repos: Repos, ref: StopRef, publicUrl: string): Promise<BringgTaskSnapshot | null> {
  const task = await repos.bringg.findTask(ref.accountId, { orderHandle: ref.orderHandle });
  const account = task && (await repos.bringg.findAccount({ accountId: ref.accountId }));
  if (!task || !account) return null;
  const view = await loadView(repos, account.merchantId, task);
  const i = view.wayPoints.findIndex((w) => w.orderType === ref.type && w.typeIndex === ref.typeIndex);
  if (i < 0) return null;
  return { merchantId: account.merchantId, task: renderTask(view, publicUrl), wayPoint: renderWayPoint(view, view.wayPoints[i]!, view.stops[i]!) };
}
