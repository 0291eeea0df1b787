// Entity search through the word index: typos, other scripts, word order, and the did-you-mean.
import { describe, expect, it } from 'vitest';
import { searchEntities, MOST_TEXTS, MOST_TEXTS_SHORT } from '../../src/analysis/entity-search.ts';
import { allowedEdits, buildNameIndex, editDistance, wordsMeant } from '../../src/analysis/name-index.ts';
import { entity, viewOf } from '../support/build-dataset.ts';

const ids = (search: ReturnType<typeof searchEntities>) => search.hits.map((hit) => hit.entity.id);

describe('searchEntities', async () => {
  const view = await viewOf({
    entities: [
      entity('huawei', { name: 'Huawei Technologies Co., Ltd.', aliases: ['Huawei', '华为'], country: 'CN' }),
      entity('zala', { name: 'ZALA Aero', aliases: ['ООО «Зала Аеро»'], country: 'RU' }),
      entity('bluecoat', { name: 'Blue Coat Systems, Inc.', aliases: ['Blue Coat'] }),
      entity('hua', { name: 'Hua Trading' }),
      entity('sg', { name: 'Société Générale', country: 'FR' }),
    ],
  });

  it('finds a transposed name and offers the closest spelling as "did you mean"', () => {
    const search = searchEntities(view, 'Hauwei');
    expect(ids(search)).toEqual(['huawei']);
    expect(search.hits[0]).toMatchObject({ rank: 4, edits: 1 });
    expect(search.didYouMean).toBe('Huawei Technologies Co., Ltd.');
  });

  it('keeps misspelt hits out, and says no "did you mean", when the text matches as written', () => {
    const search = searchEntities(view, 'huawei');
    expect(ids(search)).toEqual(['huawei']);
    expect(search.hits[0]).toMatchObject({ matched: 'alias', rank: 0, edits: 0 });
    expect(search.didYouMean).toBeNull();
  });

  it('meets names across scripts both ways: a Chinese query, a Latin query for a Cyrillic alias', () => {
    expect(ids(searchEntities(view, '华为'))).toEqual(['huawei']);
    expect(ids(searchEntities(view, 'Зала'))).toEqual(['zala']);
    expect(ids(searchEntities(view, 'societe generale'))).toEqual(['sg']);
  });

  it('finds every word in any order, and words inside words', () => {
    expect(ids(searchEntities(view, 'coat blue'))).toEqual(['bluecoat']);
    expect(searchEntities(view, 'coat blue').hits[0]).toMatchObject({ rank: 4, edits: 0 });
    expect(ids(searchEntities(view, 'lue'))).toEqual(['bluecoat']);
    expect(ids(searchEntities(view, 'blue nothing'))).toEqual([]);
  });

  it('allows no edits on short words, so three letters never match everything', () => {
    expect(allowedEdits('hua')).toBe(0);
    expect(allowedEdits('hauw')).toBe(1);
    expect(allowedEdits('hauwei')).toBe(2);
    expect(allowedEdits('1234567')).toBe(0);
    expect(ids(searchEntities(view, 'hub'))).toEqual([]);
  });

  it('counts two neighbouring letters swapped as one edit, other pairs of changes as two', () => {
    expect(editDistance('hauwei', 'huawei')).toBe(1);
    expect(editDistance('hxawey', 'huawei')).toBe(2);
    expect(editDistance('beelx', 'belex')).toBe(1);
    expect(ids(searchEntities(view, 'Blue Caot'))).toEqual(['bluecoat']);
  });

  it('ranks only the first texts of a one-letter query, and says so', async () => {
    // Each entity has two texts starting with `a` (its name and its id): MOST_TEXTS + 2 in all.
    const many = await viewOf({ entities: Array.from({ length: MOST_TEXTS / 2 + 1 }, (_, at) => entity(`a${at}`, { name: `Alpha ${at}` })) });
    const search = searchEntities(many, 'a');
    expect(search.complete).toBe(false);
    expect(search.hits.length).toBeLessThanOrEqual(MOST_TEXTS_SHORT);
    expect(searchEntities(many, 'alpha 17').complete).toBe(true);
    expect(ids(searchEntities(many, 'alpha 17'))[0]).toBe('a17');
    expect(wordsMeant(buildNameIndex(many.entities()), 'alpga')).toEqual([{ word: expect.any(Number), edits: 1 }]);
  });
});
