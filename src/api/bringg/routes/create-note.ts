import { z } from 'zod';
import { createNote } from '../../../services/bringg/update-task.ts';
import { defineService } from '../context.ts';
import { TaskResponse, NoteResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { NoteSchema, noteInput, refOf, requireRef, TaskRefFields } from '../schemas.ts';

export const createNoteService = defineService({
  name: 'create_note',
  code: 'hj58j65',
  summary: 'Add a note to an order (optionally to one way point)',
  body: requireRef(z.looseObject({ ...TaskRefFields, ...NoteSchema.shape })),
  response: { note: NoteResponse, task: TaskResponse },
  run: async (ctx, caller, b) => {
    const { id, external_id, task_id, task_external_id, ...note } = b;
    const view = await createNote(ctx.deps, caller.accountId, caller.merchantId, refOf(b), noteInput(note));
    const notes = (view.task.details.task_notes as unknown[]) ?? [];
    return { note: notes.at(-1), task: renderTask(view, ctx.publicUrl) };
  },
});
