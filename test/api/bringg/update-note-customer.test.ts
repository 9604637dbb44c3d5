import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, extId, twoStopTask } from '../../helpers/bringg.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;

describe.each(STORE_KINDS)('Bringg update_note and update_customer on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  async function taskWithNote() {
    const task = await b.task('oauth', 'create_task', twoStopTask());
    const r = await b.call('oauth', 'create_note', { id: task.id, note: 'Fragile', type: 0, colour: 'red' });
    return { task, note: r.json().note as Json };
  }

  it('update_note changes the text, type and way point it is sent, and keeps the rest', async () => {
    const { task, note } = await taskWithNote();
    const wp = task.way_points[1]!.id as number;
    const r = await b.call('oauth', 'update_note', { task_id: task.id, id: note.id, note: 'Very fragile', way_point_id: wp, urgent: true });
    expect(r.statusCode, r.body).toBe(200);
    const expected = { ...note, note: 'Very fragile', way_point_id: wp, urgent: true };
    expect(r.json()).toMatchObject({ success: true, rc: 0, note: expected });
    expect(r.json().note).toEqual(expected);
    expect(r.json().task.task_notes).toEqual([expected]);
    // By the task's external id and the note_id alias, only the type.
    const again = await b.call('oauth', 'update_note', { task_external_id: task.external_id, note_id: note.id, type: 2 });
    expect(again.json().note).toEqual({ ...expected, type: 2 });
    expect((await b.task('oauth', 'get_task', { id: task.id })).task_notes).toEqual([{ ...expected, type: 2 }]);
  });

  it('update_note refuses what it cannot apply, with Bringg envelopes, and changes nothing', async () => {
    const { task, note } = await taskWithNote();
    const cases: [unknown, number, Json][] = [
      [{ task_id: task.id, note: 'x' }, 400, { success: false, rc: 1, message: 'id: id (the note id) is required' }],
      [{ id: note.id, note: 'x' }, 400, { success: false, rc: 1, message: 'task_id: task_id or task_external_id is required' }],
      [{ task_id: task.id, id: note.id + 1000, note: 'x' }, 200, { success: false, rc: 2, message: 'Note not found' }],
      [{ task_id: task.id + 1000, id: note.id, note: 'x' }, 200, { success: false, rc: 2, message: 'Task not found' }],
      [{ task_id: task.id, id: note.id, way_point_id: 999_999 }, 400, { success: false, rc: 1, message: 'Way point 999999 not found' }],
      [{ task_id: task.id, id: note.id, note: 5 }, 400, { success: false, rc: 1, message: expect.stringContaining('note') }],
    ];
    for (const [body, status, answer] of cases) {
      const r = await b.call('oauth', 'update_note', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json(), JSON.stringify(body)).toEqual(answer);
    }
    expect((await b.task('oauth', 'get_task', { id: task.id })).task_notes).toEqual([note]);

    expect((await b.native.call('POST', `/orders/${task.external_id}/lock`)).statusCode).toBe(200);
    const locked = await b.call('oauth', 'update_note', { task_id: task.id, id: note.id, note: 'x' });
    expect(locked.json()).toEqual({ success: false, message: "Can't update a locked order", rc: 4 });
    expect((await b.native.call('POST', `/orders/${task.external_id}/unlock`)).statusCode).toBe(200);

    await b.task('oauth', 'end_task', { id: task.id });
    const done = await b.call('oauth', 'update_note', { task_id: task.id, id: note.id, note: 'x' });
    expect(done.json()).toEqual({ success: false, message: "Can't update a done order", rc: 5 });
    expect((await b.task('oauth', 'get_task', { id: task.id })).task_notes).toEqual([note]);
  });

  it('update_customer merges the sent fields by id or external_id; tasks show the change', async () => {
    const external = extId('cust');
    const created = (await b.call('oauth', 'create_customer', { external_id: external, name: 'Amelia', phone: '+49 30 1' })).json().customer as Json;
    const task = await b.task('oauth', 'create_task', twoStopTask(extId(), { customer_id: created.id }));

    const byId = await b.call('oauth', 'update_customer', { id: created.id, phone: '+49 30 2', email: 'a@example.test' });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json()).toEqual({
      success: true,
      rc: 0,
      customer: { ...created, phone: '+49 30 2', email: 'a@example.test', updated_at: expect.any(String) },
    });
    // The {"customer": {...}} wrapping is accepted as for create_customer.
    const byExternal = await b.call('oauth', 'update_customer', { customer: { external_id: external, name: 'Amelia B.' } });
    expect(byExternal.json().customer).toMatchObject({ id: created.id, name: 'Amelia B.', phone: '+49 30 2', email: 'a@example.test' });
    expect((await b.task('oauth', 'get_task', { id: task.id })).customer).toEqual(byExternal.json().customer);
  });

  it('update_customer refuses an unknown customer, mismatched ids and a body without either', async () => {
    const external = extId('cust');
    const created = (await b.call('oauth', 'create_customer', { external_id: external, name: 'Amelia' })).json().customer as Json;
    const cases: [unknown, number, Json][] = [
      [{ name: 'x' }, 400, { success: false, rc: 1, message: 'id: id or external_id is required' }],
      [{ id: created.id + 1000, name: 'x' }, 200, { success: false, rc: 2, message: 'Customer not found' }],
      [{ external_id: extId('nobody'), name: 'x' }, 200, { success: false, rc: 2, message: 'Customer not found' }],
      [{ id: created.id, external_id: extId('other'), name: 'x' }, 200, { success: false, rc: 1, message: 'Wrong ID' }],
      [{ id: created.id, name: 7 }, 400, { success: false, rc: 1, message: expect.stringContaining('name') }],
    ];
    for (const [body, status, answer] of cases) {
      const r = await b.call('oauth', 'update_customer', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json(), JSON.stringify(body)).toEqual(answer);
    }
    const same = await b.call('oauth', 'update_customer', { id: created.id });
    expect(same.json().customer).toMatchObject({ name: 'Amelia', external_id: external });
  });
});
