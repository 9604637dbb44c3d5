import type { BringgTask } from '../../store/repos/bringg.repo.ts';
import type { Repos } from '../../store/store.ts';

export interface NoteInput {
  note: string | null;
  type: number | string | null;
  wayPointId: number | null;
  details: Record<string, unknown>;
}

/** Notes live on the task; ids come from Bringg's note sequence, all in one statement. */
export async function appendNotes(repos: Repos, task: BringgTask, notes: NoteInput[], now: Date): Promise<BringgTask> {
  if (notes.length === 0) return task;
  return withNotes(task, notes, await repos.bringg.nextIds(notes.map(() => 'note' as const)), now);
}

/** The task with the notes added under ids already taken from the note sequence (one each). */
export function withNotes(task: BringgTask, notes: NoteInput[], ids: number[], now: Date): BringgTask {
  if (notes.length === 0) return task;
  const existing = (task.details.task_notes as unknown[] | undefined) ?? [];
  const added = [];
  for (const [i, n] of notes.entries()) {
    added.push({
      ...n.details,
      id: ids[i]!,
      task_id: task.taskId,
      way_point_id: n.wayPointId,
      note: n.note,
      type: n.type,
      created_at: now.toISOString(),
    });
  }
  return { ...task, details: { ...task.details, task_notes: [...existing, ...added] } };
}
