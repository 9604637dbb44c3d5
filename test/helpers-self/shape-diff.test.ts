import { describe, expect, it } from 'vitest';
import { seedBodies } from '../helpers/seeds.ts';
import { shapeDiff } from '../helpers/shape.ts';

const seed = seedBodies('000_46f5ed1ae28a6335.txt')[0] as Record<string, any>;

describe('shapeDiff (the seed-shape comparator)', () => {
  it('accepts the seed itself', () => {
    expect(shapeDiff(seed, seed)).toEqual([]);
  });

  it('parses the seed pages: success body first, then the error bodies', () => {
    const bodies = seedBodies('000_46f5ed1ae28a6335.txt');
    expect(seed.order_handle).toBe('order-1');
    expect(bodies.slice(1)).toContainEqual({ detail: {}, message: 'string' });
  });

  it('reports missing and unexpected keys, at any depth', () => {
    const { share_url: _, ...missing } = seed;
    expect(shapeDiff(missing, seed)).toEqual(['$.share_url: missing']);
    const extra = structuredClone(seed);
    extra.risks.extra = 'green';
    expect(shapeDiff(extra, seed)).toEqual(['$.risks.extra: unexpected key']);
  });

  it('reports type changes, including timestamps without milliseconds', () => {
    const changed = structuredClone(seed);
    changed.distance = '0';
    changed.created_at = '2023-10-25T17:54:42Z';
    expect(shapeDiff(changed, seed)).toEqual(['$.created_at: expected timestamp, got string', '$.distance: expected number, got string']);
  });

  it('compares timeline events with the seed event of the same type, and polyline points as tuples', () => {
    const changed = structuredClone(seed);
    changed.timeline[1].worker_handle = 'James';
    changed.timeline.push({ type: 'order_teleported', recorded_at: '2023-10-26T01:37:03.650Z' });
    changed.polyline.coordinates[0] = [1, 2, 3];
    expect(shapeDiff(changed, seed)).toEqual([
      '$.polyline.coordinates[0]: expected 4 elements, got 3',
      '$.timeline[1:order_assigned].worker_handle: unexpected key',
      '$.timeline[7]: no element of type order_teleported in the expected body',
    ]);
  });
});
