import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { importMapping, readDate } from '../../src/import/mapping.ts';
import { neutraliseFormula, writeDataset } from '../../src/import/write-dataset.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { tempDataset } from '../support/temp-dataset.ts';
import { SHARED_DATA, hasSharedData, noteIfSharedDataMissing } from '../support/shared-data.ts';

const lists = readReference().lists;
const MAPPINGS = join(import.meta.dirname, '../../data/mappings');

const SHIPMENTS = 'Seller,Buyer,Buyer country,Item,Date,Status\nAcme GmbH,=Front Co,United Arab Emirates,router,23.04.2012,ok\nAcme GmbH,Gulf Trading,UAE,switch,01.05.2012,cancelled\nAcme GmbH,,Syria,switch,01.06.2012,ok\n';
const MAPPING = `
inputs:
  shipments: shipments.csv
entities:
  - { from: shipments, distinct: true, id: "{Seller}", name: "{Seller}", kind: manufacturer, country: DE }
  - from: shipments
    where: [{ column: Status, notEquals: cancelled }]
    id: "buyer-{Buyer}"
    name: "{Buyer}"
    kind: distributor
    country: { column: Buyer country, country: true }
relationships:
  - from: shipments
    where: [{ column: Status, notEquals: cancelled }]
    type: SUPPLIES
    source: "{Seller}"
    target: "buyer-{Buyer}"
    product: "{Item}"
    start: { column: Date, date: DD.MM.YYYY }
    source_ref: { join: [Seller, Item], separator: " / " }
`;

describe('importMapping', () => {
  it('builds entities and relationships from templates, constants, joins, dates and filters', () => {
    const folder = tempDataset({ 'shipments.csv': SHIPMENTS, 'mapping.yaml': MAPPING });
    const { dataset, report } = importMapping(join(folder, 'mapping.yaml'), lists);
    expect(dataset.entities.map((entity) => [entity.id, entity.name, entity.kind, entity.country])).toEqual([
      ['Acme-GmbH', 'Acme GmbH', 'manufacturer', 'DE'],
      ['buyer-Front-Co', '=Front Co', 'distributor', 'AE'],
    ]);
    expect(dataset.relationships.map((edge) => [edge.source, edge.target, edge.product, edge.start, edge.source_ref])).toEqual([['Acme-GmbH', 'buyer-Front-Co', 'router', '2012-04-23', 'Acme GmbH / router']]);
    expect(report.skipped.map((note) => [note.line, note.category])).toEqual([
      [3, 'filtered out by entities[1].where'],
      [3, 'filtered out by relationships[0].where'],
      // An empty Buyer empties the id template: the row is reported, not imported as 'buyer-'.
      [4, 'invalid entities row'],
      [4, 'invalid relationships row'],
    ]);
    expect(report.warnings.map((note) => note.category)).toEqual(['repeated rows folded']);
  });

  it('names the key of a bad mapping', () => {
    const folder = tempDataset({ 'shipments.csv': SHIPMENTS, 'bad.yaml': 'inputs: { shipments: shipments.csv }\nrelationships:\n  - { from: shipments, type: SUPPLIES, source: "{Seller}", target: "{Buyer}", colour: red }\n' });
    expect(() => importMapping(join(folder, 'bad.yaml'), lists)).toThrow(InvalidInputError);
    try {
      importMapping(join(folder, 'bad.yaml'), lists);
    } catch (error) {
      expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['relationships[0]']);
    }
  });

  it('names a column missing from the input and an unknown input', () => {
    const folder = tempDataset({ 'shipments.csv': SHIPMENTS, 'typo.yaml': 'inputs: { shipments: shipments.csv }\nentities:\n  - { from: shipments, id: "{Sellr}", name: "{Seller}", kind: company }\n  - { from: orders, id: x, name: x, kind: company }\n' });
    const fields = (() => {
      try {
        importMapping(join(folder, 'typo.yaml'), lists);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as InvalidInputError).problems.map((problem) => problem.field);
      }
    })();
    expect(fields).toEqual(['entities[1].from']);
    const typo = tempDataset({ 'shipments.csv': SHIPMENTS, 'typo.yaml': 'inputs: { shipments: shipments.csv }\nentities:\n  - { from: shipments, id: "{Sellr}", name: "{Seller}", kind: company }\n' });
    expect(() => importMapping(join(typo, 'typo.yaml'), lists)).toThrow(InvalidInputError);
  });

  it('reads dates by format', () => {
    expect(readDate('23.04.2012', 'DD.MM.YYYY')).toBe('2012-04-23');
    expect(readDate('4/5/2012', 'M/D/YYYY')).toBe('2012-04-05');
    expect(readDate('2012', 'YYYY')).toBe('2012');
    expect(readDate('2012-13', 'YYYY.MM')).toBeUndefined();
  });
});

describe('writeDataset', () => {
  it('neutralises formulas but keeps plain negative numbers', () => {
    expect(['=1+1', '+SUM(A1)', '-cmd', '@x', '\tx', '\rx', '-12.5', '-3', 'Acme', '2011-01-01'].map(neutraliseFormula)).toEqual(["'=1+1", "'+SUM(A1)", "'-cmd", "'@x", "'\tx", "'\rx", '-12.5', '-3', 'Acme', '2011-01-01']);
  });

  it('writes a folder that validate reads back with the same rows', () => {
    const folder = tempDataset({ 'shipments.csv': SHIPMENTS, 'mapping.yaml': MAPPING });
    const { dataset } = importMapping(join(folder, 'mapping.yaml'), lists);
    const out = join(folder, 'out');
    writeDataset(dataset, out);
    const reread = readDatasets([out]);
    expect(reread.entities.map((entity) => entity.name)).toEqual(['Acme GmbH', "'=Front Co"]);
    expect(reread.relationships.map((edge) => [edge.source, edge.target, edge.start])).toEqual([['Acme-GmbH', 'buyer-Front-Co', '2012-04-23']]);
  });
});

noteIfSharedDataMissing('the shipped mappings over the real spreadsheets');
describe.skipIf(!hasSharedData)('shipped mappings on the real files', () => {
  it('KEK: 3,065 companies, 2,857 share edges, 47 null shares skipped and 5 over-allocated companies reported', () => {
    const { report } = importMapping(join(MAPPINGS, 'kek-media-ownership.yaml'), lists);
    expect(report.counts).toMatchObject({ entities: 3065, relationships: 2857 });
    expect(report.summary.skipped).toEqual({ 'no percentage': 47 });
    expect(report.skipped.slice(0, 2).map((note) => note.line)).toEqual([110, 111]);
    expect(report.summary.warnings).toEqual({ 'over-allocated shares': 5 });
  });

  it('Blue Coat sightings: operators in 115 countries supplied by Blue Coat', () => {
    const { dataset } = importMapping(join(MAPPINGS, 'citizenlab-bluecoat.yaml'), lists);
    const operators = dataset.entities.filter((entity) => entity.kind === 'end_user');
    expect(new Set(operators.map((entity) => entity.id.split('-')[1])).size).toBe(115);
    expect(dataset.relationships.every((edge) => edge.source === 'bluecoat' && edge.type === 'SUPPLIES')).toBe(true);
  });

  it('Apple suppliers: one SUPPLIES edge per supplier and year, into apple', () => {
    const { dataset } = importMapping(join(MAPPINGS, 'apple-supplier-list.yaml'), lists);
    expect(dataset.relationships.every((edge) => edge.target === 'apple' && edge.start?.slice(0, 4) === edge.end?.slice(0, 4))).toBe(true);
    expect(new Set(dataset.relationships.map((edge) => edge.start?.slice(0, 4)))).toEqual(new Set(['2012', '2013', '2014', '2015', '2016', '2017', '2018', '2020', '2021', '2022']));
  });
});
