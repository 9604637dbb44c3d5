import { z } from 'zod';
import { updateNote } from '../../../services/bringg/update-task.ts';
import { identifier } from '../../shared/storable.ts';
import { defineService } from '../context.ts';
import { TaskResponse, NoteResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { intId, NoteSchema } from '../schemas.ts';

/**
 * Bringg names update_note ("update an existing note's text", reference §2) without a code or a
 * body, so the body is OURS: the note by `id` (alias `note_id`), its task by `task_id` or
 * `task_external_id` (create_note's `id` is the task; here `id` is the note, as in Bringg's objects).
 */
const Body = z
  .looseObject({
    ...NoteSchema.shape,
    id: intId.nullish(),
    note_id: intId.nullish(),
    task_id: intId.nullish(),
    task_external_id: identifier().nullish(),
  })
  .refine((b) => (b.id ?? b.note_id) != null, { message: 'id (the note id) is required', path: ['id'] })
  .refine((b) => (b.task_id ?? b.task_external_id) != null, { message: 'task_id or task_external_id is required', path: ['task_id'] });

export const updateNoteService = defineService({
  name: 'update_note',
  code: null,
  summary: 'Change a note of an order (its text, type or way point)',
  body: Body,
  response: { note: NoteResponse, task: TaskResponse },
  run: async (ctx, caller, b) => {
    const { id, note_id, task_id, task_external_id, note, type, way_point_id, ...details } = b;
    const noteId = (id ?? note_id)!;
    const view = await updateNote(
      ctx.deps,
      caller.accountId,
      caller.merchantId,
      { id: task_id ?? null, externalId: task_external_id ?? null },
      { noteId, note: note ?? null, type: type ?? null, wayPointId: way_point_id ?? null, details },
    );
    const notes = (view.task.details.task_notes as { id: number }[]) ?? [];
    return { note: notes.find((n) => n.id === noteId), task: renderTask(view, ctx.publicUrl) };
  },
});
