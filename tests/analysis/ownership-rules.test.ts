// Ownership rules as data: the shipped table at dates either side of each change, control for
// EU/UK and not for OFAC/BIS, aggregate versus individual holdings, and the table's validation.
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { applyOwnershipRule, caughtByOwnershipRules, entitiesOwned50ByBlocked } from '../../src/analysis/ownership.ts';
import { ownershipStatus } from '../../src/analysis/ownership-status.ts';
import { unverifiedFacts } from '../../src/analysis/unverified.ts';
import { InvalidInputError, NotFoundError } from '../../src/domain/errors.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { readOwnershipRules, shippedOwnershipRules } from '../../src/load/read-ownership-rules.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { buildDataset, entity, type InlineDataset } from '../support/build-dataset.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset } from '../support/temp-dataset.ts';
import { join } from 'node:path';
import { importFtm } from '../../src/import/ftm.ts';
import { SHARED_DATA, hasSharedData, noteIfSharedDataMissing } from '../support/shared-data.ts';

const owns = (source: string, target: string, share: number, fields: Record<string, unknown> = {}) => ({ source, target, type: 'OWNS', share, ...fields });
const controls = (source: string, target: string) => ({ source, target, type: 'CONTROLS' });
const listed = (id: string, list: string, fields: Record<string, unknown> = {}) => ({ entity_id: id, list, ...fields });

/** Builds with the shipped list definitions, so every list code of the rules table exists. */
async function viewWithShippedLists(inline: InlineDataset): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(buildDataset(inline, [...readReference().lists.values()]));
  return store.view();
}

const statusOf = (view: GraphView, id: string, asOf: string, rule: string) => ownershipStatus(view, id, asOf).rules.find((entry) => entry.rule === rule)!;
const codesOf = (view: GraphView, id: string, asOf: string) => (flaggedEntities(view, asOf).get(id) ?? []).map((reason) => reason.code);

describe('the BIS Affiliates Rule, with its dates', () => {
  // el1 on the Entity List owns 30% of aff, meu1 on the MEU list owns 25%: 55% in aggregate.
  const affiliates = () =>
    viewWithShippedLists({
      entities: ['el1', 'meu1', 'aff', 'sub'].map((id) => entity(id, { country: 'CN' })),
      relationships: [owns('el1', 'aff', 30), owns('meu1', 'aff', 25), owns('aff', 'sub', 50)],
      listings: [listed('el1', 'BIS_ENTITY', { from: '2020-01-01' }), listed('meu1', 'BIS_MEU', { from: '2020-01-01' })],
    });

  it('does not apply on 28 Sep 2025 and flags from 29 Sep 2025, chaining to the affiliate\'s own 50% subsidiary', async () => {
    const view = await affiliates();
    expect(statusOf(view, 'aff', '2025-09-28', 'BIS_AFFILIATES').status).toBe('not_in_force');
    expect(codesOf(view, 'aff', '2025-09-28')).toEqual([]);
    expect(statusOf(view, 'aff', '2025-09-29', 'BIS_AFFILIATES')).toMatchObject({ status: 'applies', total: 55, owners: [{ id: 'el1', share: 30, caughtBecause: 'listed' }, { id: 'meu1', share: 25, caughtBecause: 'listed' }] });
    expect(codesOf(view, 'aff', '2025-09-29')).toEqual(['AFFILIATE_OF_LISTED']);
    expect(flaggedEntities(view, '2025-11-09').get('sub')).toMatchObject([{ code: 'AFFILIATE_OF_LISTED', rule: 'BIS_AFFILIATES', total: 50, owners: [{ id: 'aff', caughtBecause: 'owned' }], to: '2025-11-09' }]);
  });

  // Law changed (the data's knowledge of it): the suspension ran "through 9 Nov 2026, absent a
  // future extension"; whether it was extended is not established, so from 10 Nov 2026 the rule
  // is unverified: an UNVERIFIED_OWNERSHIP_RULE red flag with its source, never a flag.
  it('is a red flag, not a flag, from 10 Nov 2025 through 9 Nov 2026, and unverified (never a flag) from 10 Nov 2026', async () => {
    const view = await affiliates();
    expect(statusOf(view, 'aff', '2025-11-09', 'BIS_AFFILIATES').status).toBe('applies');
    expect(statusOf(view, 'aff', '2025-11-10', 'BIS_AFFILIATES')).toMatchObject({ status: 'red_flag', total: 55, period: { from: '2025-11-10', to: '2026-11-09', effect: 'red_flag' } });
    expect(codesOf(view, 'aff', '2025-11-10')).toEqual([]);
    expect(statusOf(view, 'aff', '2026-11-09', 'BIS_AFFILIATES').status).toBe('red_flag');
    expect(codesOf(view, 'aff', '2026-11-09')).toEqual([]);
    expect(statusOf(view, 'aff', '2026-11-10', 'BIS_AFFILIATES')).toMatchObject({ status: 'unverified', total: 55, period: { from: '2026-11-10', unverified: true, verified: '2026-12-02' } });
    expect(codesOf(view, 'aff', '2026-11-10')).toEqual([]);
    const facts = unverifiedFacts(view, '2026-11-10').get('aff') ?? [];
    expect(facts).toMatchObject([{ code: 'UNVERIFIED_OWNERSHIP_RULE', entity: 'aff', source: expect.stringContaining('absent a future extension') }]);
    expect(facts[0]!.message).toContain('last checked 2026-12-02');
    expect(unverifiedFacts(view, '2026-11-09').get('aff')).toBeUndefined();
    expect(codesOf(view, 'sub', '2026-11-11')).toEqual([]);
    expect(caughtByOwnershipRules(view, '2026-01-15', 'red_flag').map((hit) => [hit.id, hit.rule.rule, hit.finding.total])).toEqual([
      ['aff', 'BIS_AFFILIATES', 55],
      ['sub', 'BIS_AFFILIATES', 50],
    ]);
    expect(caughtByOwnershipRules(view, '2025-10-01', 'red_flag')).toEqual([]);
  });

  it('does not count control, and a listed entity is the rule\'s seed', async () => {
    const view = await viewWithShippedLists({
      entities: ['el1', 'ctl', 'x'].map((id) => entity(id)),
      relationships: [controls('el1', 'ctl'), owns('el1', 'x', 49.99)],
      listings: [listed('el1', 'BIS_ENTITY')],
    });
    expect(statusOf(view, 'ctl', '2025-10-01', 'BIS_AFFILIATES')).toMatchObject({ status: 'does_not_apply', controllers: [{ id: 'el1' }] });
    expect(statusOf(view, 'x', '2025-10-01', 'BIS_AFFILIATES')).toMatchObject({ status: 'does_not_apply', total: 49.99 });
    expect(statusOf(view, 'el1', '2025-10-01', 'BIS_AFFILIATES').status).toBe('listed');
  });
});

describe('EU and UK "owned or controlled" against OFAC', () => {
  it('control catches under EU and UK but not under OFAC, and the catch chains through ownership', async () => {
    const view = await viewWithShippedLists({
      entities: ['person', 'ctl', 'ctl-sub'].map((id) => entity(id, { country: 'RU' })),
      relationships: [controls('person', 'ctl'), owns('ctl', 'ctl-sub', 51)],
      listings: [listed('person', 'EU_CONSOLIDATED'), listed('person', 'UK_CONSOLIDATED'), listed('person', 'OFAC_SDN')],
    });
    expect(statusOf(view, 'ctl', '2024-01-01', 'OFAC_50').status).toBe('does_not_apply');
    expect(statusOf(view, 'ctl', '2024-01-01', 'EU_OWNED_OR_CONTROLLED')).toMatchObject({ status: 'applies', controllers: [{ id: 'person', caughtBecause: 'listed' }] });
    expect(statusOf(view, 'ctl', '2024-01-01', 'UK_OWNED_OR_CONTROLLED').status).toBe('applies');
    expect(statusOf(view, 'ctl-sub', '2024-01-01', 'EU_OWNED_OR_CONTROLLED')).toMatchObject({ status: 'applies', total: 51, owners: [{ id: 'ctl', caughtBecause: 'controlled' }] });
    const reasons = flaggedEntities(view, '2024-01-01').get('ctl') ?? [];
    expect(reasons.map((reason) => [reason.code, 'rule' in reason ? reason.rule : ''])).toEqual([
      ['OWNED_OR_CONTROLLED_BY_LISTED', 'EU_OWNED_OR_CONTROLLED'],
      ['OWNED_OR_CONTROLLED_BY_LISTED', 'UK_OWNED_OR_CONTROLLED'],
    ]);
  });

  it('exactly 50% is enough for OFAC ("50% or more") and not for EU/UK ("more than 50%")', async () => {
    const view = await viewWithShippedLists({
      entities: ['p', 'half'].map((id) => entity(id)),
      relationships: [owns('p', 'half', 50)],
      listings: [listed('p', 'OFAC_SDN'), listed('p', 'EU_CONSOLIDATED'), listed('p', 'UK_CONSOLIDATED')],
    });
    expect(codesOf(view, 'half', '2024-01-01')).toEqual(['OWNED_50_BY_BLOCKED']);
    expect(statusOf(view, 'half', '2024-01-01', 'EU_OWNED_OR_CONTROLLED')).toMatchObject({ status: 'does_not_apply', total: 50 });
  });

  it('adds two listed owners under EU (aggregate) but not under UK (individual)', async () => {
    const view = await viewWithShippedLists({
      entities: ['a', 'b', 'jv'].map((id) => entity(id)),
      relationships: [owns('a', 'jv', 30), owns('b', 'jv', 30)],
      listings: ['a', 'b'].flatMap((id) => [listed(id, 'EU_CONSOLIDATED'), listed(id, 'UK_CONSOLIDATED')]),
    });
    expect(statusOf(view, 'jv', '2024-01-01', 'EU_OWNED_OR_CONTROLLED')).toMatchObject({ status: 'applies', total: 60 });
    const uk = statusOf(view, 'jv', '2024-01-01', 'UK_OWNED_OR_CONTROLLED');
    expect(uk).toMatchObject({ status: 'does_not_apply', total: 30, aggregate: false });
    expect(uk.why).toContain('60%');
  });
});

describe('the generic engine and the OFAC row', () => {
  it('the OFAC row gives the same answer as the OFAC function', async () => {
    const view = await viewWithShippedLists({
      entities: ['x', 'y', 'z', 'w'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 30), owns('y', 'z', 25), owns('z', 'w', 50)],
      listings: [listed('x', 'OFAC_SDN'), listed('y', 'OFAC_SDN')],
    });
    const ofac = shippedOwnershipRules().find((rule) => rule.rule === 'OFAC_50' && rule.from === '2014-08-13')!;
    const outcome = applyOwnershipRule(view, ofac, '2024-01-01');
    expect([...outcome.findings].filter(([, finding]) => finding.caught).map(([id]) => id).sort()).toEqual(['w', 'z']);
    expect([...entitiesOwned50ByBlocked(view, '2024-01-01').keys()].sort()).toEqual(['w', 'z']);
    expect(flaggedEntities(view, '2024-01-01').get('w')).toEqual([
      {
        code: 'OWNED_50_BY_BLOCKED',
        rule: 'OFAC 50 Percent Rule (2014 guidance: aggregate)',
        total: 50,
        owners: [{ id: 'z', name: 'Z', share: 50, relationships: [expect.any(String)], blockedBecause: 'owned' }],
        from: '2014-08-13',
        source: expect.stringContaining('13 Aug 2014'),
        regime: 'US',
        verified: '2026-12-02',
      },
    ]);
  });

  it('a rule seeded only by BIS lists ignores OFAC listings, and a custom table replaces the shipped one', async () => {
    const view = await viewWithShippedLists({
      entities: ['x', 'z'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 100)],
      listings: [listed('x', 'OFAC_SDN')],
    });
    const bisOnly = shippedOwnershipRules().filter((rule) => rule.rule === 'BIS_AFFILIATES');
    expect(flaggedEntities(view, '2025-10-01', bisOnly).has('z')).toBe(false);
    expect(flaggedEntities(view, '2025-10-01').get('z')?.map((reason) => reason.code)).toEqual(['OWNED_50_BY_BLOCKED']);
  });

  it('lists every chain up to a listed root with its look-through share', async () => {
    const view = await viewWithShippedLists({
      entities: ['x', 'a', 'b', 'c'].map((id) => entity(id)),
      relationships: [owns('x', 'a', 50), owns('x', 'b', 50), owns('a', 'c', 25), owns('b', 'c', 25)],
      listings: [listed('x', 'OFAC_SDN')],
    });
    const status = ownershipStatus(view, 'c', '2024-01-01');
    expect(status.chains.map((chain) => [chain.path, chain.effectiveShare, chain.rootLists])).toEqual([
      [['c', 'a', 'x'], 12.5, ['OFAC_SDN']],
      [['c', 'b', 'x'], 12.5, ['OFAC_SDN']],
    ]);
    expect(status.rules.find((rule) => rule.rule === 'OFAC_50')).toMatchObject({ status: 'applies', total: 50 });
    expect(() => ownershipStatus(view, 'ghost', '2024-01-01')).toThrow(NotFoundError);
  });
});

describe('the rules table is checked on load', () => {
  const header = 'rule,name,authority,regime,lists,threshold,comparison,controls,aggregate,effect,reason,from,to,source\n';
  it('rejects overlapping periods, unknown lists and bad values', () => {
    const folder = tempDataset({
      'rules.csv':
        header +
        'R1,Rule,Auth,US,OFAC_SDN,50,at_least,no,yes,flag,OWNED_50_BY_BLOCKED,2020-01-01,2021-12-31,src\n' +
        'R1,Rule,Auth,US,OFAC_SDN,50,at_least,no,yes,red_flag,OWNED_50_BY_BLOCKED,2021-06-01,,src\n' +
        'R2,Rule,Auth,US,NO_SUCH_LIST,50,at_least,no,yes,flag,AFFILIATE_OF_LISTED,,,src\n' +
        'R3,Rule,Auth,US,OFAC_SDN,150,roughly,maybe,yes,flag,AFFILIATE_OF_LISTED,,,src\n' +
        'R4,Rule,Auth,Mars,OFAC_SDN,50,at_least,no,yes,flag,AFFILIATE_OF_LISTED,,,src\n',
    });
    let error: unknown;
    try {
      readOwnershipRules(`${folder}/rules.csv`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((problem) => [problem.line, problem.field])).toEqual([
      [5, 'threshold'],
      [5, 'comparison'],
      [5, 'controls'],
      [6, 'regime'],
      [4, 'lists'],
      [3, 'from'],
    ]);
  });

  it('the shipped table is valid and has the four rules', () => {
    expect([...new Set(shippedOwnershipRules().map((rule) => rule.rule))]).toEqual(['OFAC_50', 'BIS_AFFILIATES', 'EU_OWNED_OR_CONTROLLED', 'UK_OWNED_OR_CONTROLLED']);
  });
});

describe('the Huawei / Skycom / Canicula case: control, not ownership', () => {
  const caseFolder = 'data/cases/huawei-skycom-canicula';

  it('no rule catches Skycom on the shipped data: Huawei controls it and owns nothing', async () => {
    const store = new MemoryStore();
    await store.load(readDatasets([caseFolder]));
    const status = ownershipStatus(await store.view(), 'skycom', '2025-10-01');
    expect(status.rules.map((rule) => [rule.rule, rule.status])).toEqual([
      ['OFAC_50', 'does_not_apply'],
      ['BIS_AFFILIATES', 'does_not_apply'],
      ['EU_OWNED_OR_CONTROLLED', 'does_not_apply'],
      ['UK_OWNED_OR_CONTROLLED', 'does_not_apply'],
    ]);
    expect(status.rules[1]!.controllers.map((holder) => holder.id)).toEqual(['huawei']);
    // Three control edges from Huawei since issue 15 added the DPA statement of facts (settlement grade).
    expect(status.chains.map((chain) => chain.path)).toEqual([['skycom', 'canicula', 'huawei'], ['skycom', 'huawei'], ['skycom', 'huawei'], ['skycom', 'huawei']]);
    expect(status.chains.flatMap((chain) => chain.hops.filter((hop) => hop.type === 'CONTROLS' && hop.target === 'skycom').map((hop) => hop.evidence)).sort()).toEqual(['allegation', 'press', 'settlement']);
  });

  it('were Huawei on the EU list, the EU test would catch Skycom and Canicula through control (CLI, JSON)', async () => {
    const overlay = tempDataset({ 'eu.json': JSON.stringify({ entities: [], listings: [{ entity_id: 'huawei', list: 'EU_CONSOLIDATED', source: 'hypothetical, for the test' }] }) });
    const result = await runCliCaptured(['ownership', '--data', caseFolder, '--data', `${overlay}/eu.json`, '--entity', 'skycom', '--as-of', '2025-10-01', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.entity).toEqual({ id: 'skycom', name: 'Skycom Tech Co. Ltd.' });
    expect(parsed.rules.map((rule: { rule: string; status: string }) => [rule.rule, rule.status])).toEqual([
      ['OFAC_50', 'does_not_apply'],
      ['BIS_AFFILIATES', 'does_not_apply'],
      ['EU_OWNED_OR_CONTROLLED', 'applies'],
      ['UK_OWNED_OR_CONTROLLED', 'does_not_apply'],
    ]);
    expect(parsed.rules[2].controllers.map((holder: { id: string }) => holder.id)).toEqual(['huawei']);
    expect(parsed.rules[2].owners).toEqual([{ id: 'canicula', name: 'Canicula Holdings Ltd', share: 100, relationships: [expect.any(String)], caughtBecause: 'controlled' }]);
  });

  it('text output names the rule verdicts; bad input exits 2', async () => {
    const text = await runCliCaptured(['ownership', '--data', caseFolder, '--entity', 'skycom', '--as-of', '2025-10-01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('BIS_AFFILIATES');
    expect(text.stdout).toContain('control does not count');
    expect((await runCliCaptured(['ownership', '--data', caseFolder])).code).toBe(2);
    expect((await runCliCaptured(['ownership', '--data', caseFolder, '--entity', 'ghost'])).code).toBe(2);
    expect((await runCliCaptured(['ownership', '--data', caseFolder, '--entity', 'skycom', '--as-of', '2025-13-01'])).code).toBe(2);
  });
});

noteIfSharedDataMissing('the ownership rules on OpenSanctions zala_entities.ftm.json');
describe.skipIf(!hasSharedData)('LLC CST and A. V. Zakharov (real OpenSanctions data)', () => {
  const CST = 'NK-abdzbEBkqyT29GyREbiURZ';
  const statuses = async (asOf: string) => {
    const { dataset } = importFtm(join(SHARED_DATA, 'opensanctions-ftm/zala_entities.ftm.json'), readReference().lists);
    const store = new MemoryStore();
    await store.load(dataset);
    return ownershipStatus(await store.view(), CST, asOf).rules.map((rule) => [rule.rule, rule.status, rule.total]);
  };

  it('48% is short of OFAC\'s 50% but UK control catches it; 51% from 22 Dec 2023 meets both', async () => {
    expect(await statuses('2023-12-10')).toEqual([
      ['OFAC_50', 'listed', 48],
      ['BIS_AFFILIATES', 'not_in_force', 0],
      ['EU_OWNED_OR_CONTROLLED', 'does_not_apply', 0],
      ['UK_OWNED_OR_CONTROLLED', 'applies', 48],
    ]);
    expect(await statuses('2023-12-22')).toEqual([
      ['OFAC_50', 'applies', 51],
      ['BIS_AFFILIATES', 'not_in_force', 0],
      ['EU_OWNED_OR_CONTROLLED', 'listed', 0],
      ['UK_OWNED_OR_CONTROLLED', 'applies', 51],
    ]);
    expect((await statuses('2025-03-01'))[2]).toEqual(['EU_OWNED_OR_CONTROLLED', 'applies', 51]);
  });
});
