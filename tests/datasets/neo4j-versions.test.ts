// `enduse load --backend neo4j` as dataset versions on a real Neo4j: each load is recorded with
// its provenance, rows carry the versions that state them, and a load changing a stored entity
// is refused with every conflict unless --mode says how.
import { expect, it } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { tempDataset, VALID_ENTITIES, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

describeNeo4j('enduse load --backend neo4j records dataset versions', () => {
  const database = withNeo4jDatabase();
  const uri = () => ['--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!];
  const query = async (text: string, parameters: Record<string, unknown> = {}) => (await database.driver.executeQuery(text, parameters)).records.map((record) => record.toObject());

  it('records each load as the next version of its name, and rows keep the versions that state them', async () => {
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS });
    const first = await runCliCaptured(['load', '--data', folder, '--name', 'case', '--format', 'json', ...uri()]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).version).toMatchObject({ id: 'case@1', name: 'case', version: 1, via: 'cli', counts: { entities: 3, relationships: 2 }, changed: 0 });
    const again = await runCliCaptured(['load', '--data', folder, '--name', 'case', ...uri()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('dataset version case@2');

    expect(await query('MATCH (v:DatasetVersion) RETURN v.id AS id, v.who AS who, v.sha256 = $digest AS same ORDER BY v.seq', { digest: JSON.parse(first.stdout).version.sha256 })).toEqual([
      { id: 'case@1', who: expect.stringMatching(/^cli:/), same: true },
      { id: 'case@2', who: expect.stringMatching(/^cli:/), same: true },
    ]);
    expect(await query('MATCH (e:Entity {id: "ste"}) RETURN e.datasets AS datasets')).toEqual([{ datasets: ['case@1', 'case@2'] }]);
    expect(await query('MATCH (:Entity {id: "cl"})-[r:SUPPLIES]->() RETURN r.datasets AS datasets')).toEqual([{ datasets: ['case@1', 'case@2'] }]);
    // Provenance is not a field of the rows analysis reads.
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    const stored = await store.view().finally(() => store.close());
    expect(stored.entity('ste')).not.toHaveProperty('datasets');
    expect([...stored.relationships()][0]).not.toHaveProperty('datasets');
  });

  it('refuses a load that changes a stored entity, listing every change, and writes nothing', async () => {
    const folder = tempDataset({ 'entities.csv': 'id,name,kind,country,aliases\nste,Syrian Telecommunications Establishment,end_user,SY,STE\n' });
    expect((await runCliCaptured(['load', '--data', folder, ...uri()])).code).toBe(0);
    const restated = tempDataset({ 'entities.csv': 'id,name,kind,country\nste,Swiss Telecom,end_user,CH\n' });
    const refused = await runCliCaptured(['load', '--data', restated, ...uri()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('entities.ste.name');
    expect(refused.stderr).toContain('entities.ste.country');
    expect(await query('MATCH (e:Entity {id: "ste"}) RETURN e.name AS name, e.country AS country')).toEqual([{ name: 'Syrian Telecommunications Establishment', country: 'SY' }]);
    expect(await query('MATCH (v:DatasetVersion) RETURN toString(count(v)) AS versions')).toEqual([{ versions: '1' }]);
  });

  it('with --mode merge updates the fields the dataset gives, keeps the others, and lists what changed', async () => {
    const folder = tempDataset({ 'entities.csv': 'id,name,kind,country,aliases\nste,Syrian Telecommunications Establishment,end_user,SY,STE\n' });
    expect((await runCliCaptured(['load', '--data', folder, '--name', 'first', ...uri()])).code).toBe(0);
    const restated = tempDataset({ 'entities.csv': 'id,name,kind,country\nste,Swiss Telecom,end_user,CH\n' });
    const merged = await runCliCaptured(['load', '--data', restated, '--name', 'second', '--mode', 'merge', ...uri()]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('dataset version second@1, changing 1 stored entity (--mode merge):');
    expect(merged.stdout).toContain('ste name: "Syrian Telecommunications Establishment" → "Swiss Telecom"');
    expect(await query('MATCH (e:Entity {id: "ste"}) RETURN e.name AS name, e.country AS country, e.aliases AS aliases, e.datasets AS datasets')).toEqual([
      { name: 'Swiss Telecom', country: 'CH', aliases: ['STE'], datasets: ['first@1', 'second@1'] },
    ]);
    const bad = await runCliCaptured(['load', '--data', restated, '--mode', 'overwrite', ...uri()]);
    expect(bad.code).toBe(2);
  });
});
