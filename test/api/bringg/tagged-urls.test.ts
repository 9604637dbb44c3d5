import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, twoStopTask } from '../../helpers/bringg.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

describe.each(STORE_KINDS)('Bringg service URLs bound to a tag on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  const create = (uuid1: string, uuid2: string, body: unknown) =>
    t.app.inject({ method: 'POST', url: `/services/6f15901b/${uuid1}/${uuid2}/`, payload: body as object });

  it('a tagged URL tags the tasks it creates, unless the body names a tag; the first URL tags nothing', async () => {
    const r = await b.native.call('POST', '/bringg/service-urls', { tag_id: 7 });
    expect(r.statusCode, r.body).toBe(201);
    const url = r.json();
    expect(url).toEqual({ service_uuid_1: expect.any(String), service_uuid_2: expect.any(String), tag_id: 7 });
    const tagged = (await create(url.service_uuid_1, url.service_uuid_2, twoStopTask())).json();
    expect(tagged).toMatchObject({ success: true, task: { tag_id: 7 } });
    const overridden = (await create(url.service_uuid_1, url.service_uuid_2, twoStopTask(undefined, { tag_id: 9 }))).json();
    expect(overridden.task.tag_id).toBe(9);
    const plain = (await create(b.creds.bringg.service_uuid_1, b.creds.bringg.service_uuid_2, twoStopTask())).json();
    expect(plain.task.tag_id).toBeNull();
  });

  it("a tagged URL is the same merchant's: its tasks are the account's", async () => {
    const url = (await b.native.call('POST', '/bringg/service-urls', { tag_id: 3 })).json();
    const created = (await create(url.service_uuid_1, url.service_uuid_2, twoStopTask())).json();
    const viaOauth = await b.task('oauth', 'get_task', { id: created.task.id });
    expect(viaOauth).toMatchObject({ id: created.task.id, tag_id: 3, merchant_id: created.task.merchant_id });
  });

  it('a tag must be a positive integer, and creating a URL needs the account credentials', async () => {
    expect((await b.native.call('POST', '/bringg/service-urls', { tag_id: 0 })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: '/bringg/service-urls', payload: { tag_id: 1 } })).statusCode).toBe(401);
  });
});
