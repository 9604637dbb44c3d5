import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { type SeedParam, seedOutputParams } from '../../helpers/bringg-seed.ts';
import { bringgClient, type BringgClient, twoStopTask } from '../../helpers/bringg.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const SEED = '001_5e215bdb885deeef.txt';
const ENVELOPE = ['success', 'message', 'rc'];
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Does `v` have the seed's type? `status` is documented as string but every example is an int (reference §7). */
function hasSeedType(name: string, type: string, v: unknown): boolean {
  if (name === 'status') return Number.isInteger(v);
  switch (type.toLowerCase()) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return Number.isInteger(v);
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'datetime':
      return typeof v === 'string' && ISO_MS.test(v);
    case 'uuid':
      return typeof v === 'string' && UUID.test(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
    case 'array of objects':
      return Array.isArray(v);
    default:
      throw new Error(`unknown seed type ${type}`);
  }
}

const at = (body: Record<string, unknown>, path: string[]) =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), body);
const has = (body: Record<string, unknown>, path: string[]) => {
  const parent = at(body, path.slice(0, -1));
  return !!parent && typeof parent === 'object' && path.at(-1)! in parent;
};

/** Every field of the seed: present, and either null (Bringg serialises unknowns as null) or of its type. */
function shapeProblems(task: Record<string, unknown>, params: SeedParam[]): string[] {
  return params.flatMap(({ path, type }) => {
    if (!has(task, path)) return [`${path.join('.')}: missing`];
    const v = at(task, path);
    return v === null || hasSeedType(path.at(-1)!, type, v) ? [] : [`${path.join('.')}: expected ${type}, got ${JSON.stringify(v)}`];
  });
}

describe.each(STORE_KINDS)('seed 001 (cancel_task) response shape on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const params = seedOutputParams(SEED);
  const taskParams = params.filter((p) => !ENVELOPE.includes(p.path[0]!));

  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  it('the parser reads the whole table of the seed', () => {
    // 72 rows in the page: 3 envelope fields and 69 task fields.
    expect(params.length).toBe(72);
    expect(params.find((p) => p.path[0] === 'preparation_acknowledge_time_actual')?.type).toBe('datetime');
  });

  it('a cancel answer has the envelope and every task field of the seed, with its type', async () => {
    const created = await b.task('secret-url', 'create_task', twoStopTask());
    const r = await b.call('secret-url', 'cancel_task', { id: created.id });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.success).toBe(true);
    expect(body.rc).toBe(0);
    expect(shapeProblems(body.task, taskParams)).toEqual([]);
    // What a cancel sets must be set, not null (reference §8).
    expect(body.task).toMatchObject({ status: 7, automatically_cancelled: 4, active_way_point_id: null, id: created.id });
    for (const k of ['uuid', 'created_at', 'updated_at', 'ended_time', 'cancelled_at']) expect(body.task[k], k).not.toBeNull();
    expect(body.task.ended_time).toBe(body.task.cancelled_at);
    expect(body.task.way_points.map((w: { done: boolean }) => w.done)).toEqual([true, true]);
  });

  it("a refused cancel is the seed's documented error: HTTP 200 with success, message and rc", async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask());
    await b.native.call('POST', `/orders/${created.external_id}/lock`);
    const r = await b.call('oauth', 'cancel_task', { id: created.id });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ success: false, message: "Can't cancel a locked order.", rc: 4 });
    for (const p of params.filter((p) => ENVELOPE.includes(p.path[0]!))) {
      expect(hasSeedType(p.path[0]!, p.type, r.json()[p.path[0]!]), p.path[0]).toBe(true);
    }
  });
});
