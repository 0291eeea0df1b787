import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOfacSdnDiff } from '../../src/import/ofac-sdn-diff.ts';
import { importOfacSdn } from '../../src/import/ofac-sdn.ts';
import { programsOf, remarkAliases, remarkIdentifiers } from '../../src/import/ofac-sdn-files.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { SHARED_DATA, hasSharedData, noteIfSharedDataMissing } from '../support/shared-data.ts';

const lists = readReference().lists;
const FIXTURES = join(import.meta.dirname, '../fixtures/import');

describe('importOfacSdn on the legacy quirks', () => {
  const { dataset, report } = importOfacSdn({ sdn: join(FIXTURES, 'sdn.csv'), add: join(FIXTURES, 'add.csv'), alt: join(FIXTURES, 'alt.csv') }, lists);

  it('reads -0- as empty, drops the trailing SUB byte, decodes Windows-1252 and maps types', () => {
    expect(dataset.entities.map((entity) => [entity.id, entity.name, entity.kind, entity.country])).toEqual([
      ['ofac-36', 'AEROCARIBBEAN AIRLINES', 'company', 'CU'],
      ['ofac-4243', 'EBANO', 'company', 'PA'],
      ['ofac-7001', 'GARCÍA, José', 'person', 'VE'],
    ]);
  });

  it('keeps aliases from alt.csv and the remarks, vessel IMO numbers and the ent_num as identifiers', () => {
    expect(dataset.entities.map((entity) => entity.aliases)).toEqual([['AERO-CARIBBEAN'], ['ANA I'], ['GARCIA, Jose']]);
    expect(dataset.entities[1]!.identifiers).toEqual(['ofac:4243', 'imo:7406784']);
    expect(dataset.entities[0]!.address).toBe('Havana, Cuba');
  });

  it('lists every entry on OFAC_SDN with its programs in the source', () => {
    expect(dataset.listings.map((listing) => [listing.entity_id, listing.list])).toEqual([['ofac-36', 'OFAC_SDN'], ['ofac-4243', 'OFAC_SDN'], ['ofac-7001', 'OFAC_SDN']]);
    expect(dataset.listings[2]!.source).toContain('programs SDGT, IRAN');
  });

  it('reports the broken row and the orphans of add.csv and alt.csv with their lines', () => {
    expect(report.skipped.map((note) => [note.file.split('/').pop(), note.line, note.category])).toEqual([
      ['sdn.csv', 4, 'wrong number of fields'],
      ['add.csv', 3, 'dangling reference'],
      ['alt.csv', 2, 'dangling reference'],
    ]);
  });
});

describe('legacy field helpers', () => {
  it('splits programs, finds aliases and identifiers in remarks', () => {
    expect(programsOf('[SDGT] [IFSR]')).toEqual(['SDGT', 'IFSR']);
    expect(programsOf(undefined)).toEqual([]);
    expect(remarkAliases("a.k.a. 'X'; f.k.a. 'Y'; n.k.a. 'Z'; Linked To: W.")).toEqual(['X', 'Y', 'Z']);
    expect(remarkIdentifiers('IMO 9187629; MMSI 572469210; IMO 12345')).toEqual(['imo:9187629', 'mmsi:572469210']);
  });
});

noteIfSharedDataMissing('the OFAC SDN snapshot checks');
describe.skipIf(!hasSharedData)('real OFAC SDN snapshots', () => {
  const sdn = (name: string) => join(SHARED_DATA, 'ofac-sdn', name);

  it('imports the 2022 files with addresses and aliases; the alias test row joins a real ent_num', () => {
    const { report } = importOfacSdn({ sdn: sdn('sdn_2022-01-21.csv'), add: sdn('add_2022-01-21.csv'), alt: sdn('alt_2022-01-21.csv') }, lists);
    expect(report.counts).toMatchObject({ entities: 9044, listings: 9044 });
    expect(report.skipped).toEqual([]);
  });

  it('diffs 2024-02-20 against 2024-05-03 into 1,140 added and 106 removed entries', () => {
    const diff = importOfacSdnDiff(sdn('sdn_2024-02-20.csv'), sdn('sdn_2024-05-03.csv'), lists);
    expect([diff.added.length, diff.removed.length]).toEqual([1140, 106]);
    expect(diff.before.entities.length).toBe(diff.after.entities.length);
    expect([diff.before.listings.length, diff.after.listings.length]).toEqual([13931, 14965]);
    expect(diff.added.map((change) => change.entityId)).toContain('ofac-34741');
  });

  it('answers "which of my routes became flagged": a route to Sovcomflot (added 23 Feb 2024) appears', async () => {
    const out = mkdtempSync(join(tmpdir(), 'enduse-sdn-diff-'));
    const imported = await runCliCaptured(['import', 'ofac-sdn-diff', sdn('sdn_2024-02-20.csv'), sdn('sdn_2024-05-03.csv'), '--out', out]);
    expect(imported.code).toBe(0);
    const mine = join(out, 'my-graph');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(mine);
    writeFileSync(join(mine, 'entities.csv'), 'id,name,kind,country\nmy-co,My Company,manufacturer,DE\nbroker,Marine Broker,distributor,AE\n');
    writeFileSync(join(mine, 'relationships.csv'), 'source,target,type,product,start\nmy-co,broker,SUPPLIES,radar,2023-06-01\nbroker,ofac-34741,SUPPLIES,radar,2023-09-01\n');
    const diff = await runCliCaptured(['diff', '--data-before', mine, join(out, 'before'), '--data-after', mine, join(out, 'after'), '--from', 'my-co', '--as-of', '2024-02-23', '--format', 'json']);
    expect(diff.code).toBe(0);
    const document = JSON.parse(diff.stdout) as { routes: { appeared: { path: string[] }[]; disappeared: unknown[] } };
    expect(document.routes.appeared.map((route) => route.path)).toEqual([['my-co', 'broker', 'ofac-34741']]);
    expect(document.routes.disappeared).toEqual([]);
  });
});
