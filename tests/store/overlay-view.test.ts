// The overlay view: additions seen through every method, the view below untouched.
import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../src/domain/schema.ts';
import { viewWithAdditions } from '../../src/store/overlay-view.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';

describe('viewWithAdditions', () => {
  it('adds an entity and an edge without changing the view below', async () => {
    const view = await viewOf({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] });
    const added: Relationship = { id: 'new-edge', source: 'b', target: 'c', type: 'SUPPLIES' };
    const overlay = viewWithAdditions(view, { entities: [{ id: 'c', name: 'C', kind: 'company', aliases: [] }], relationships: [added] });
    expect(overlay.entity('c')?.name).toBe('C');
    expect(overlay.entityCount()).toBe(3);
    expect(overlay.relationshipCount()).toBe(2);
    expect(overlay.outEdges('b').map((edge) => edge.id)).toEqual(['new-edge']);
    expect(overlay.inEdges('c', ['SUPPLIES']).map((edge) => edge.id)).toEqual(['new-edge']);
    expect(overlay.inEdges('c', ['OWNS'])).toEqual([]);
    expect([...overlay.relationships()].map((edge) => edge.id)).toContain('new-edge');
    expect(view.entity('c')).toBeUndefined();
    expect(view.outEdges('b')).toEqual([]);
    expect(view.relationshipCount()).toBe(1);
  });

  it('refuses an added entity the view already has, or an edge to nowhere', async () => {
    const view = await viewOf({ entities: [entity('a')] });
    expect(() => viewWithAdditions(view, { entities: [{ id: 'a', name: 'A', kind: 'company', aliases: [] }] })).toThrow(Error);
    expect(() => viewWithAdditions(view, { relationships: [{ id: 'x', source: 'a', target: 'nowhere', type: 'SUPPLIES' }] })).toThrow(Error);
  });
});
