import { describe, expect, it } from 'vitest';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';

const listed = (id: string, fields: Record<string, unknown> = {}) => ({ entity_id: id, list: 'BIS_ENTITY', ...fields });
const paths = (routes: { path: string[] }[]) => routes.map((route) => route.path);

describe('findFlaggedRoutes', () => {
  it('finds the Blue Coat chain with its evidence', async () => {
    const view = await viewOf({
      entities: [entity('bluecoat'), entity('computerlinks-fzco', { country: 'AE' }), entity('ste-syria', { country: 'SY', kind: 'end_user' })],
      relationships: [
        supplies('bluecoat', 'computerlinks-fzco', { start: '2010-10-29', end: '2010-10-29', product: 'ProxySG', evidence: 'settlement', stated_end_user: 'ste-syria' }),
        supplies('computerlinks-fzco', 'ste-syria', { start: '2010-11', evidence: 'settlement' }),
      ],
      listings: [listed('ste-syria')],
    });
    const routes = findFlaggedRoutes(view, 'bluecoat', { asOf: '2011-06-30' });
    expect(paths(routes)).toEqual([['bluecoat', 'computerlinks-fzco', 'ste-syria']]);
    expect(routes[0]!.hops).toBe(2);
    expect(routes[0]!.reasons.map((reason) => reason.code)).toEqual(['LISTED']);
    expect(routes[0]!.edges.map((edge) => [edge.evidence, edge.at])).toEqual([
      ['settlement', '2010-10-29'],
      ['settlement', '2010-11-01'],
    ]);
  });

  it('returns no route when nothing flagged is reachable', async () => {
    const view = await viewOf({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] });
    expect(findFlaggedRoutes(view, 'a', { asOf: '2020-01-01' })).toEqual([]);
  });

  it('follows edges only in their direction', async () => {
    const view = await viewOf({ entities: [entity('s'), entity('t')], relationships: [supplies('t', 's')], listings: [listed('t')] });
    expect(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' })).toEqual([]);
  });

  it('keeps the route that can still continue when an earlier-found one arrives too late (defeats plain BFS)', async () => {
    // Plain BFS reaches c first through a (2015) and marks it visited; only the longer way
    // through b and d arrives in time for c → t, which closes at the end of 2012.
    const view = await viewOf({
      entities: ['s', 'a', 'b', 'd', 'c', 't'].map((id) => entity(id)),
      relationships: [
        supplies('s', 'a', { start: '2015' }),
        supplies('a', 'c'),
        supplies('s', 'b', { start: '2010', end: '2010' }),
        supplies('b', 'd', { start: '2010', end: '2010' }),
        supplies('d', 'c', { start: '2010', end: '2010' }),
        supplies('c', 't', { end: '2012' }),
      ],
      listings: [listed('t')],
    });
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' }))).toEqual([['s', 'b', 'd', 'c', 't']]);
  });

  it('refuses routes whose hops go back in time', async () => {
    const view = await viewOf({
      entities: [entity('s'), entity('a'), entity('t')],
      relationships: [supplies('s', 'a', { start: '2012-05-01', end: '2012-05-01' }), supplies('a', 't', { start: '2011', end: '2011' })],
      listings: [listed('t')],
    });
    expect(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' })).toEqual([]);
  });

  it('allows hops on the same day', async () => {
    const view = await viewOf({
      entities: [entity('s'), entity('a'), entity('t')],
      relationships: [supplies('s', 'a', { start: '2012-05-01', end: '2012-05-01' }), supplies('a', 't', { start: '2011', end: '2012-05' })],
      listings: [listed('t')],
    });
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' }))).toEqual([['s', 'a', 't']]);
  });

  it('ignores edges that start after the as-of date', async () => {
    const view = await viewOf({
      entities: [entity('s'), entity('t')],
      relationships: [supplies('s', 't', { start: '2021-01-01' })],
      listings: [listed('t')],
    });
    expect(findFlaggedRoutes(view, 's', { asOf: '2020-12-31' })).toEqual([]);
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2021-01-01' }))).toEqual([['s', 't']]);
  });

  it('terminates on cycles and reports simple paths', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 'b', 't'].map((id) => entity(id)),
      relationships: [supplies('s', 'a'), supplies('a', 'b'), supplies('b', 'a'), supplies('b', 's'), supplies('b', 't')],
      listings: [listed('t')],
    });
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' }))).toEqual([['s', 'a', 'b', 't']]);
  });

  it('keeps to one product when asked, letting unlabelled edges through', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 'b', 't', 'u'].map((id) => entity(id)),
      relationships: [
        supplies('s', 'a', { product: 'ProxySG' }),
        supplies('a', 't', { product: 'Router' }),
        supplies('s', 'b', { product: 'proxysg' }),
        supplies('b', 'u'),
      ],
      listings: [listed('t'), listed('u')],
    });
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01', product: 'ProxySG' }))).toEqual([['s', 'b', 'u']]);
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' })).sort()).toEqual([
      ['s', 'a', 't'],
      ['s', 'b', 'u'],
    ]);
  });

  it('stops at the first flagged entity on a path', async () => {
    const view = await viewOf({
      entities: ['s', 'f', 't'].map((id) => entity(id)),
      relationships: [supplies('s', 'f'), supplies('f', 't')],
      listings: [listed('f'), listed('t')],
    });
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' }))).toEqual([['s', 'f']]);
  });

  it('goes through front companies to their principal', async () => {
    const view = await viewOf({
      entities: [entity('huawei'), entity('skycom', { kind: 'front_company' }), entity('principal', { country: 'IR' })],
      relationships: [supplies('huawei', 'skycom'), { source: 'skycom', target: 'principal', type: 'FRONT_FOR' }],
      listings: [listed('principal')],
    });
    expect(paths(findFlaggedRoutes(view, 'huawei', { asOf: '2020-01-01' }))).toEqual([['huawei', 'skycom', 'principal']]);
  });

  it('does not move goods along ownership or control', async () => {
    const view = await viewOf({
      entities: ['s', 't'].map((id) => entity(id)),
      relationships: [
        { source: 's', target: 't', type: 'OWNS', share: 100 },
        { source: 's', target: 't', type: 'CONTROLS' },
      ],
      listings: [listed('t')],
    });
    expect(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' })).toEqual([]);
  });

  it('respects max hops', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 'b', 't'].map((id) => entity(id)),
      relationships: [supplies('s', 'a'), supplies('a', 'b'), supplies('b', 't')],
      listings: [listed('t')],
    });
    expect(findFlaggedRoutes(view, 's', { asOf: '2020-01-01', maxHops: 2 })).toEqual([]);
    expect(paths(findFlaggedRoutes(view, 's', { asOf: '2020-01-01', maxHops: 3 }))).toEqual([['s', 'a', 'b', 't']]);
  });

  it('picks among parallel orders the one that keeps the route open', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 't'].map((id) => entity(id)),
      relationships: [
        supplies('s', 'a', { start: '2011-05-15', end: '2011-05-15' }),
        supplies('s', 'a', { start: '2010-10-29', end: '2010-10-29' }),
        supplies('a', 't', { end: '2011-01-31' }),
      ],
      listings: [listed('t')],
    });
    const [route] = findFlaggedRoutes(view, 's', { asOf: '2020-01-01' });
    expect(route!.edges.map((edge) => edge.start)).toEqual(['2010-10-29', undefined]);
  });

  it('throws NotFoundError for an unknown source', async () => {
    const view = await viewOf({ entities: [entity('a')] });
    expect(() => findFlaggedRoutes(view, 'nobody', { asOf: '2020-01-01' })).toThrow(NotFoundError);
  });
});
