import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { normaliseNameAscii } from '../../src/domain/normalise-name.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { pairKey, readJudgements, type Judgement } from '../../src/resolve/judgements.ts';
import { mergeEntities } from '../../src/resolve/merge-entities.ts';
import { proposeMatches } from '../../src/resolve/propose-matches.ts';
import { buildDataset, entity } from '../support/build-dataset.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset } from '../support/temp-dataset.ts';

const lists = readReference().lists;

const sanctions = buildDataset({
  entities: [
    entity('ofac-1', { name: 'LIMITED LIABILITY COMPANY ZALA AERO', country: 'RU' }),
    entity('ofac-2', { name: 'SEA STAR', identifiers: 'imo:9123456' }),
    entity('ofac-3', { name: 'ZAKHAROV, Aleksandr', kind: 'person', country: 'RU' }),
  ],
  listings: [{ entity_id: 'ofac-1', list: 'OFAC_SDN' }],
});
const registry = buildDataset({
  entities: [
    entity('reg-a', { name: 'ООО «Зала Аеро»', country: 'RU' }),
    entity('reg-b', { name: 'Morskaya Zvezda Shipping', identifiers: 'imo:9123456' }),
    entity('reg-c', { name: 'Zala Aero', kind: 'person', country: 'RU' }),
    entity('reg-d', { name: 'Aleksandr Zakharov', kind: 'person', country: 'BY' }),
    entity('reg-e', { name: 'Unrelated Trading' }),
  ],
  relationships: [{ source: 'reg-e', target: 'reg-a', type: 'OWNS', share: 60 }],
});

describe('normaliseNameAscii', () => {
  it('folds case, accents, scripts, punctuation and legal forms', () => {
    expect(normaliseNameAscii('ООО «Зала Аеро»')).toBe('zala aero');
    expect(normaliseNameAscii('Área S.p.A.')).toBe('area');
    expect(normaliseNameAscii('Computerlinks FZCO')).toBe('computerlinks');
  });
});

describe('proposeMatches', () => {
  const proposals = proposeMatches([sanctions.entities, registry.entities]);

  it('proposes cross-source pairs with score and evidence, never a person with a company', () => {
    expect(proposals.map((proposal) => [proposal.left.id, proposal.right.id, proposal.score])).toEqual([
      ['ofac-1', 'reg-a', 1],
      ['ofac-2', 'reg-b', 1],
      ['ofac-3', 'reg-d', 0.85],
    ]);
    expect(proposals[1]!.evidence).toEqual([
      { kind: 'shared_identifier', identifier: 'imo:9123456' },
      { kind: 'country', left: 'US', right: 'US', same: true },
    ]);
    expect(proposals[2]!.evidence).toEqual([
      { kind: 'same_name', left: 'zakharov aleksandr', right: 'aleksandr zakharov', viaAlias: false },
      { kind: 'country', left: 'RU', right: 'BY', same: false },
    ]);
  });

  it('never proposes a judged pair again, nor one whose merged ids were judged', () => {
    const judgements = new Map<string, Judgement>([[pairKey('reg-d', 'ofac-3'), { left: 'reg-d', right: 'ofac-3', decision: 'reject' }]]);
    expect(proposeMatches([sanctions.entities, registry.entities], { judgements }).map((proposal) => proposal.right.id)).toEqual(['reg-a', 'reg-b']);
    const merged = buildDataset({ entities: [entity('m-1', { name: 'Aleksandr Zakharov', kind: 'person', identifiers: 'merged:ofac-3' })] });
    expect(proposeMatches([merged.entities, registry.entities], { judgements }).map((proposal) => proposal.right.id)).toEqual([]);
  });

  it('compares within a block only: entities sharing no token are never scored', () => {
    expect(proposeMatches([[sanctions.entities[0]!], [registry.entities[4]!]], { threshold: 0 })).toEqual([]);
  });
});

describe('mergeEntities', () => {
  const judgements = new Map<string, Judgement>([
    [pairKey('ofac-1', 'reg-a'), { left: 'ofac-1', right: 'reg-a', decision: 'accept' }],
    [pairKey('ofac-2', 'reg-b'), { left: 'ofac-2', right: 'reg-b', decision: 'reject' }],
  ]);
  const sources = [
    { path: 'sdn', dataset: sanctions },
    { path: 'registry', dataset: registry },
  ];

  it('keeps the first source id, every other id, name and identifier, and moves edges and listings', () => {
    const { dataset } = mergeEntities(sources, judgements, lists);
    const zala = dataset.entities.find((entity) => entity.id === 'ofac-1')!;
    expect(zala.aliases).toEqual(['ООО «Зала Аеро»']);
    expect(zala.identifiers).toEqual(['merged:reg-a']);
    expect(dataset.entities.map((entity) => entity.id)).toEqual(['ofac-1', 'ofac-2', 'ofac-3', 'reg-b', 'reg-c', 'reg-d', 'reg-e']);
    expect(dataset.relationships.map((edge) => [edge.source, edge.target, edge.share])).toEqual([['reg-e', 'ofac-1', 60]]);
  });

  it('is undone by turning the acceptance into a rejection and merging again', () => {
    const reverted = new Map(judgements);
    reverted.set(pairKey('ofac-1', 'reg-a'), { left: 'ofac-1', right: 'reg-a', decision: 'reject' });
    const { dataset } = mergeEntities(sources, reverted, lists);
    expect(dataset.entities.length).toBe(8);
    expect(dataset.relationships.map((edge) => edge.target)).toEqual(['reg-a']);
  });

  it('refuses sources that share an id', () => {
    expect(() => mergeEntities([sources[0]!, { path: 'again', dataset: sanctions }], judgements, lists)).toThrow(InvalidInputError);
  });
});

describe('judgements file', () => {
  it('reads JSON lines and CSV; a later line revises an earlier one; bad lines are errors', () => {
    const folder = tempDataset({
      'j.jsonl': '{"left":"a","right":"b","decision":"accept"}\n{"left":"b","right":"a","decision":"reject","note":"second look"}\n',
      'j.csv': 'left,right,decision,note\na,b,accept,\n',
      'bad.jsonl': '{"left":"a","right":"b","decision":"maybe"}\n',
    });
    expect(readJudgements(join(folder, 'j.jsonl')).get(pairKey('a', 'b'))?.decision).toBe('reject');
    expect(readJudgements(join(folder, 'j.csv')).get(pairKey('a', 'b'))?.decision).toBe('accept');
    expect(readJudgements(join(folder, 'missing.jsonl')).size).toBe(0);
    expect(() => readJudgements(join(folder, 'bad.jsonl'))).toThrow(InvalidInputError);
  });
});

describe('match and merge commands', () => {
  it('match proposes, a rejection silences the pair, merge writes a dataset validate accepts', async () => {
    const left = tempDataset({ 'entities.csv': 'id,name,kind,identifiers\nofac-2,SEA STAR,company,imo:9123456\n' });
    const right = tempDataset({ 'entities.csv': 'id,name,kind,identifiers\nreg-b,Morskaya Zvezda,company,imo:9123456\n', 'j.jsonl': '' });
    const judgementsFile = join(right, 'j.jsonl');
    const first = await runCliCaptured(['match', '--data', left, right, '--judgements', judgementsFile, '--format', 'json']);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { total: number }).total).toBe(1);
    writeFileSync(judgementsFile, '{"left":"ofac-2","right":"reg-b","decision":"accept"}\n');
    expect(JSON.parse((await runCliCaptured(['match', '--data', left, right, '--judgements', judgementsFile, '--format', 'json'])).stdout)).toMatchObject({ total: 0 });
    const out = join(right, 'merged');
    expect((await runCliCaptured(['merge', '--data', left, right, '--judgements', judgementsFile, '--out', out])).code).toBe(0);
    const validated = await runCliCaptured(['validate', '--data', out, '--format', 'json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true, counts: { entities: 1 } });
  });

  it('answers a single --data and a bad threshold with exit 2', async () => {
    const left = tempDataset({ 'entities.csv': 'id,name,kind\na,A,company\n' });
    expect((await runCliCaptured(['match', '--data', left])).code).toBe(2);
    expect((await runCliCaptured(['match', '--data', left, left, '--threshold', '2'])).code).toBe(2);
  });
});
