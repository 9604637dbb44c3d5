import type { BringgTask } from '../../store/repos/bringg.repo.ts';
import type { Repos } from '../../store/store.ts';

export interface NoteInput {
  note: string | null;
  type: number | string | null;
  wayPointId: number | null;
  details: Record<string, unknown>;
}

/** Notes live on the task; ids come from Bringg's note sequence. */
export async function appendNotes(repos: Repos, task: BringgTask, notes: NoteInput[], now: Date): Promise<BringgTask> {
  if (notes.length === 0) return task;
  const existing = (task.details.task_notes as unknown[] | undefined) ?? [];
  const added = [];
  for (const n of notes) {
    added.push({
      ...n.details,
      id: await repos.bringg.nextId('note'),
      task_id: task.taskId,
      way_point_id: n.wayPointId,
      note: n.note,
      type: n.type,
      created_at: now.toISOString(),
    });
  }
  return { ...task, details: { ...task.details, task_notes: [...existing, ...added] } };
}
