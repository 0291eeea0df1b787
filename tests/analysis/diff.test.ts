// What changed: exact diffs between two dates and two datasets, each change with its evidence.
import { describe, expect, it } from 'vitest';
import { whatChanged } from '../../src/analysis/diff.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { entity, supplies, viewOf, type InlineDataset } from '../support/build-dataset.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset } from '../support/temp-dataset.ts';

const events = (why: { event: string; entity?: string; relationship?: { source: string; target: string } }[]) =>
  why.map((item) => [item.event, item.entity ?? (item.relationship ? `${item.relationship.source}>${item.relationship.target}` : '')]);

describe('diff between two dates', () => {
  it('a new listing on an intermediary: the far route disappears, a route to the intermediary appears', async () => {
    const view = await viewOf({
      entities: ['maker', 'broker', 'bad'].map((id) => entity(id)),
      relationships: [supplies('maker', 'broker'), supplies('broker', 'bad')],
      listings: [{ entity_id: 'bad', list: 'OFAC_SDN' }, { entity_id: 'broker', list: 'BIS_ENTITY', from: '2015-03-01', source: 'FR notice' }],
    });
    const diff = whatChanged({ view, asOf: '2015-02-28' }, { view, asOf: '2015-03-01' }, 'maker');
    expect(diff.flags.added.map((flag) => flag.id)).toEqual(['broker']);
    expect(diff.flags.added[0]!.why).toMatchObject([{ event: 'flag_started', entity: 'broker', kind: 'listing', cause: 'in_force', reason: { code: 'LISTED', list: 'BIS_ENTITY', from: '2015-03-01', source: 'FR notice' } }]);
    expect(diff.flags.removed).toEqual([]);
    expect(diff.routes.appeared.map((route) => [route.target, route.path, events(route.why)])).toEqual([['broker', ['maker', 'broker'], [['flag_started', 'broker']]]]);
    expect(diff.routes.disappeared.map((route) => [route.target, route.path, events(route.why)])).toEqual([['bad', ['maker', 'broker', 'bad'], [['intermediary_flagged', 'broker']]]]);
    expect(diff.routes.changed).toEqual([]);
  });

  it('an expired listing removes the flag and the route; a new edge opens a route', async () => {
    const view = await viewOf({
      entities: ['maker', 'shop', 'gone', 'ministry'].map((id) => entity(id, id === 'ministry' ? { country: 'SY', sector: 'government' } : {})),
      relationships: [supplies('maker', 'gone'), supplies('maker', 'shop'), supplies('shop', 'ministry', { start: '2013-06', source_ref: 'invoice' })],
      listings: [{ entity_id: 'gone', list: 'OFAC_SDN', to: '2012-12-31' }],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-11' }],
    });
    const diff = whatChanged({ view, asOf: '2012-06-30' }, { view, asOf: '2013-12-31' }, 'maker');
    expect(diff.flags.removed).toMatchObject([{ id: 'gone', why: [{ event: 'flag_ended', kind: 'listing', cause: 'in_force' }] }]);
    expect(diff.flags.added).toEqual([]);
    expect(diff.routes.disappeared.map((route) => [route.target, events(route.why)])).toEqual([['gone', [['flag_ended', 'gone']]]]);
    expect(diff.routes.appeared.map((route) => [route.target, events(route.why)])).toEqual([['ministry', [['edge_started', 'shop>ministry']]]]);
    expect(diff.routes.appeared[0]!.why[0]).toMatchObject({ relationship: { start: '2013-06-01', source_ref: 'invoice' } });
  });

  it('a new shorter route to a target already reached is a changed route', async () => {
    const view = await viewOf({
      entities: ['maker', 'a', 'b', 'bad'].map((id) => entity(id)),
      relationships: [supplies('maker', 'a'), supplies('a', 'b'), supplies('b', 'bad'), supplies('maker', 'bad', { start: '2020-01-01' })],
      listings: [{ entity_id: 'bad', list: 'OFAC_SDN' }],
    });
    const diff = whatChanged({ view, asOf: '2019-12-31' }, { view, asOf: '2020-01-01' }, 'maker');
    expect(diff.routes.changed.map((route) => [route.target, route.before.path, route.after.path, events(route.why)])).toEqual([
      ['bad', ['maker', 'a', 'b', 'bad'], ['maker', 'bad'], [['edge_started', 'maker>bad']]],
    ]);
    expect(diff.routes.appeared).toEqual([]);
    expect(diff.flags).toEqual({ added: [], removed: [], changed: [] });
  });

  it('nothing changed is an honest empty diff; an unknown source throws', async () => {
    const view = await viewOf({ entities: [entity('maker')] });
    expect(whatChanged({ view, asOf: '2010-01-01' }, { view, asOf: '2020-01-01' }, 'maker')).toEqual({
      from: 'maker',
      flags: { added: [], removed: [], changed: [] },
      routes: { appeared: [], disappeared: [], changed: [] },
    });
    expect(() => whatChanged({ view, asOf: '2010-01-01' }, { view, asOf: '2020-01-01' }, 'ghost')).toThrow(NotFoundError);
  });
});

describe('diff between two datasets', () => {
  const base: InlineDataset = {
    entities: ['maker', 'dist', 'owner', 'sub', 'x'].map((id) => entity(id)),
    relationships: [supplies('maker', 'dist'), supplies('dist', 'sub'), supplies('dist', 'x', { end: '2015' })],
    listings: [{ entity_id: 'x', list: 'OFAC_SDN', source: 'SDN 2014' }],
  };
  const updated: InlineDataset = {
    ...base,
    relationships: [supplies('maker', 'dist'), supplies('dist', 'sub'), supplies('dist', 'x', { end: '2013' }), { source: 'owner', target: 'sub', type: 'OWNS', share: 60 }],
    listings: [{ entity_id: 'x', list: 'OFAC_SDN', source: 'SDN 2014' }, { entity_id: 'owner', list: 'OFAC_SDN', from: '2016-02-01', source: 'SDN 2016' }],
  };

  it('a new listing and an ownership edge flag the subsidiary; a changed window is an edge change', async () => {
    const diff = whatChanged({ view: await viewOf(base), asOf: '2016-06-30' }, { view: await viewOf(updated), asOf: '2016-06-30' }, 'maker');
    expect(diff.flags.added.map((flag) => [flag.id, events(flag.why), flag.why.map((item) => ('cause' in item ? item.cause : ''))])).toEqual([
      ['owner', [['flag_started', 'owner']], ['data']],
      ['sub', [['flag_started', 'sub']], ['in_force']],
    ]);
    expect(diff.flags.added[1]!.why[0]).toMatchObject({ kind: 'ownership', reason: { code: 'OWNED_50_BY_BLOCKED', total: 60, owners: [{ id: 'owner' }] } });
    expect(diff.routes.appeared.map((route) => [route.target, route.path, events(route.why)])).toEqual([['sub', ['maker', 'dist', 'sub'], [['flag_started', 'sub']]]]);
    // The route to x still exists (the goods crossed dist → x in 2013 either way): same path, new edge id.
    expect(diff.routes.changed.map((route) => [route.target, route.why.map((item) => item.event)])).toEqual([['x', ['edge_changed']]]);
    expect(diff.routes.changed[0]!.why[0]).toMatchObject({ before: { end: '2015-12-31' }, after: { end: '2013-12-31' } });
  });

  it('CLI: --data-before/--data-after with --as-of prints the documented JSON shape', async () => {
    const folder = tempDataset({ 'before.json': JSON.stringify(base), 'after.json': JSON.stringify(updated) });
    const result = await runCliCaptured(['diff', '--from', 'maker', '--data-before', `${folder}/before.json`, '--data-after', `${folder}/after.json`, '--as-of', '2016-06-30', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(['from', 'before', 'after', 'regime', 'flags', 'routes']);
    expect(parsed.regime).toBe('all');
    expect(parsed.before).toEqual({ asOf: '2016-06-30', data: [`${folder}/before.json`] });
    expect(parsed.flags.added.map((flag: { id: string }) => flag.id)).toEqual(['owner', 'sub']);
    expect(parsed.routes.appeared.map((route: { target: string }) => route.target)).toEqual(['sub']);
  });
});

describe('diff on the Blue Coat case and bad input', () => {
  const data = 'data/cases/blue-coat-syria';

  it('the Entity List addition of 15 Dec 2011 opens a route to Infotec', async () => {
    const result = await runCliCaptured(['diff', '--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.before).toEqual({ asOf: '2011-06-30' });
    expect(parsed.flags.added.map((flag: { id: string }) => flag.id)).toEqual(['infotech-uae', 'waseem-jawad']);
    expect(parsed.routes.appeared).toHaveLength(1);
    expect(parsed.routes.appeared[0]).toMatchObject({ target: 'infotech-uae', path: ['bluecoat', 'computerlinks-fzco', 'infotech-uae'], why: [{ event: 'flag_started', entity: 'infotech-uae', kind: 'listing', reason: { list: 'BIS_ENTITY', from: '2011-12-15' } }] });
    expect(parsed.routes.disappeared).toEqual([]);
    const text = await runCliCaptured(['diff', '--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01']);
    expect(text.stdout).toContain('+ bluecoat → computerlinks-fzco → infotech-uae');
  });

  it('--regime eu sees no Entity List route open (it is US law) and says its regime', async () => {
    const underEu = JSON.parse((await runCliCaptured(['diff', '--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01', '--regime', 'EU', '--format', 'json'])).stdout);
    expect(underEu.regime).toBe('eu');
    expect(underEu.routes.appeared).toEqual([]);
    const underUs = JSON.parse((await runCliCaptured(['diff', '--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01', '--regime', 'us', '--format', 'json'])).stdout);
    expect(underUs.routes.appeared.map((route: { target: string }) => route.target)).toEqual(['infotech-uae']);
  });

  it('answers bad input with exit 2', async () => {
    const bad = async (args: string[]) => (await runCliCaptured(['diff', ...args])).code;
    expect(await bad(['--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01', '--regime', 'mars'])).toBe(2);
    expect(await bad(['--data', data, '--from', 'bluecoat', '--after', '2012-01-01'])).toBe(2);
    expect(await bad(['--data', data, '--from', 'bluecoat', '--before', '2011/06/30', '--after', '2012-01-01'])).toBe(2);
    expect(await bad(['--data', data, '--from', 'bluecoat', '--before', '2011-06-30', '--after', '2012-01-01', '--as-of', '2012-01-01'])).toBe(2);
    expect(await bad(['--data', data, '--data-before', data, '--from', 'bluecoat'])).toBe(2);
    expect(await bad(['--data-before', data, '--from', 'bluecoat'])).toBe(2);
    expect(await bad(['--data', data, '--before', '2011-06-30', '--after', '2012-01-01'])).toBe(2);
    expect(await bad(['--data', data, '--from', 'ghost', '--before', '2011-06-30', '--after', '2012-01-01'])).toBe(2);
  });
});
