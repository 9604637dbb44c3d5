import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requestValidator, responseSerializer } from '../../../src/api/shared/route-schemas.ts';

const Body = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  count: z.number().int(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
  extra: z.object({ a: z.number() }).strict().optional(),
  // A list the vendor always sends empty (Bringg's driver_payments).
  none: z.tuple([]).optional(),
});

/** A server with the production schema compilers and one route answering whatever the test puts in `next`. */
async function serverAnswering() {
  const app = Fastify();
  app.setValidatorCompiler(requestValidator);
  app.setSerializerCompiler(responseSerializer);
  const next: { body: unknown } = { body: null };
  app.get('/thing', { schema: { response: { 200: Body } } }, async () => next.body);
  await app.ready();
  return { app, next };
}

describe('response check: every body is held to its published schema before it leaves', () => {
  it('sends a body that holds byte for byte as the renderer built it (its key order, nothing added or dropped)', async () => {
    const { app, next } = await serverAnswering();
    next.body = { tags: ['x'], note: null, count: 3, id: 'a', at: '2026-12-06T10:00:00.000Z', none: [] };
    const res = await app.inject({ method: 'GET', url: '/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"tags":["x"],"note":null,"count":3,"id":"a","at":"2026-12-06T10:00:00.000Z","none":[]}');
    await app.close();
  });

  it.each([
    ['a missing field', { id: 'a', at: '2026-12-06T10:00:00.000Z', count: 3, tags: [] }],
    ['a wrong type', { id: 'a', at: '2026-12-06T10:00:00.000Z', count: 3.5, tags: [], note: null }],
    ['a timestamp that is not one', { id: 'a', at: 'yesterday', count: 3, tags: [], note: null }],
    ['an item in a list the schema keeps empty', { id: 'a', at: '2026-12-06T10:00:00.000Z', count: 3, tags: [], note: null, none: [1] }],
    ['an undocumented field in a closed object', { id: 'a', at: '2026-12-06T10:00:00.000Z', count: 3, tags: [], note: null, extra: { a: 1, b: 2 } }],
  ])('refuses %s with a 500 instead of a body the document does not describe', async (_, body) => {
    const { app, next } = await serverAnswering();
    next.body = body;
    const res = await app.inject({ method: 'GET', url: '/thing' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('"id":"a"');
    await app.close();
  });
});
