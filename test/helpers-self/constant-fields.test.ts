import { describe, expect, it } from 'vitest';
import { FieldVariety } from '../helpers/constant-fields.ts';

describe('constant-field walker (test/helpers/constant-fields.ts)', () => {
  it('reports a field that never varies, and not one that does', () => {
    const v = new FieldVariety();
    v.record('Get', { id: 'a', kind: 'delivery', related: [], courier: { name: 'X' } });
    v.record('Get', { id: 'b', kind: 'delivery', related: [], courier: { name: 'X' } });
    expect(v.problems({ '* kind': 'always delivery' })).toEqual(['Get related = []', 'Get courier.name = "X"']);
  });

  it('presence is variation: a key missing where its object is there, an object empty in some answers only', () => {
    const v = new FieldVariety();
    v.record('Get', { id: 'a', quote_id: 'q', related: [{ id: 'r', relationship: 'returned' }], ret: { notes: '' } });
    v.record('Get', { id: 'b', related: [] });
    v.record('Get', { id: 'c', related: [], ret: { notes: '' } });
    // quote_id and related vary by presence; ret.notes is judged among the answers with `ret`, where it is constant.
    expect(v.problems({})).toEqual(['Get related[].id = "r"', 'Get related[].relationship = "returned"', 'Get ret.notes = ""']);
  });

  it('array elements count one by one: a key absent from some elements varies', () => {
    const v = new FieldVariety();
    v.record('List', { data: [{ id: 'a', status: 'completed' }, { id: 'b' }] });
    v.record('List', { data: [{ id: 'c', status: 'completed' }] });
    expect(v.problems({})).toEqual([]);
  });

  it('flags stale allow-list entries, single answers and operations the scenario never called', () => {
    const v = new FieldVariety();
    v.record('Get', { id: 'a', status: 'pending' });
    v.record('Get', { id: 'b', status: 'pickup' });
    v.record('Once', { id: 'x' });
    expect(v.problems({ 'Get status': 'was constant once', '* gone': 'no such field' }, ['Get', 'Cancel'])).toEqual([
      'Cancel: never called by the scenario',
      'Get status: allowed as constant but it varies ("pending", "pickup")',
      'Once: recorded 1 response, nothing can vary',
      'Once id = "x"',
      '* gone: allow-list entry matches no recorded field',
    ]);
  });
});
