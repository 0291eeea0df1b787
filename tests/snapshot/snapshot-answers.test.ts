// A snapshot answers exactly as the files it was written from: every command, on the shipped
// cases and on a generated dataset, prints the same bytes from `--data FILE.enduse` as from the CSV.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { stateOfTree, treeOfState } from '../../src/snapshot/state-tree.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { runCliCaptured } from '../support/capture-output.ts';

const workDir = mkdtempSync(join(tmpdir(), 'enduse-snapshot-'));

/** The questions asked of both, from `source` on `asOf`; `other` is a second entity (a buyer). */
function questions(source: string, other: string, asOf: string): string[][] {
  return [
    ['flags', '--as-of', asOf, '--format', 'json'],
    ['flags', '--as-of', asOf],
    ['routes', '--from', source, '--as-of', asOf, '--format', 'json'],
    ['routes', '--from', source, '--as-of', asOf, '--k', '3', '--format', 'json'],
    ['exposure', '--from', source, '--as-of', asOf, '--format', 'json'],
    ['chokepoints', '--from', source, '--as-of', asOf, '--format', 'json'],
    ['entity', source, '--as-of', asOf, '--format', 'json'],
    ['entity', other, '--as-of', asOf],
    ['ownership', '--entity', other, '--as-of', asOf, '--format', 'json'],
    ['screen', '--seller', source, '--buyer', other, '--as-of', asOf, '--format', 'json'],
  ];
}

async function indexed(folder: string, name: string): Promise<string> {
  const out = join(workDir, `${name}.enduse`);
  const result = await runCliCaptured(['index', '--data', folder, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

async function expectSameAnswers(folder: string, snapshot: string, source: string, other: string, asOf: string): Promise<void> {
  for (const question of questions(source, other, asOf)) {
    const fromFiles = await runCliCaptured([...question, '--data', folder]);
    const fromSnapshot = await runCliCaptured([...question, '--data', snapshot]);
    expect({ question, ...fromSnapshot }).toEqual({ question, ...fromFiles });
  }
}

describe('answers from a snapshot', () => {
  for (const shipped of shippedCases()) {
    it(`are those from the files: ${shipped.id}`, async () => {
      const snapshot = await indexed(shipped.directory, shipped.id);
      const entities = readFileSync(join(shipped.directory, 'entities.csv'), 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]!);
      const other = entities.find((id) => !shipped.sources.includes(id))!;
      for (const source of shipped.sources) await expectSameAnswers(shipped.directory, snapshot, source, other, shipped.asOf);
    }, 120_000);
  }

  it('are those from the files: a generated dataset, and the whole state reads back equal', async () => {
    const folder = join(workDir, 'generated');
    await generateDataset(folder, { entities: 3000, relationships: 12_000, seed: 5, listCodes: [...readReference().lists.keys()] });
    const snapshot = await indexed(folder, 'generated');
    const fromFiles = await viewOf(await compactStateFromFiles([folder]));
    const read = await readSnapshot(snapshot);
    const fromSnapshot = await viewOf(read.state);
    // The identity is the state's, not the file's: indexing the same files again gives the same one.
    expect((await readSnapshot(await indexed(folder, 'generated-again'))).sha256).toBe(read.sha256);
    expect([...fromSnapshot.entities()]).toEqual([...fromFiles.entities()]);
    expect([...fromSnapshot.relationships()]).toEqual([...fromFiles.relationships()]);
    expect([...fromSnapshot.listings()]).toEqual([...fromFiles.listings()]);
    expect([...fromSnapshot.jurisdictions()]).toEqual([...fromFiles.jurisdictions()]);
    expect([...fromSnapshot.lists()]).toEqual([...fromFiles.lists()]);
    const graph = fromFiles.compact!();
    const degree = graph.goodsOutDegree();
    const source = [...fromFiles.entities()].reduce((best, entity, index) => (degree[index]! > degree[graph.indexOf(best.id)!]! ? entity : best)).id;
    const other = [...fromFiles.entities()].find((entity) => entity.kind === 'end_user')!.id;
    await expectSameAnswers(folder, snapshot, source, other, '2024-06-30');
  }, 240_000);
});

describe('the snapshot tree', () => {
  it('keeps a field it has never seen: new columns need no snapshot code', async () => {
    const state = await compactStateFromFiles([shippedCases()[0]!.directory]);
    const extended = { ...state, extraColumn: new Float32Array([1.5, -2]), extraTable: { names: ['a', 'b', 'a'], counts: new Uint16Array([3, 4]) } };
    const { tree, sections } = treeOfState(extended);
    const copied = sections.map(({ bytes }) => {
      const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
      shared.set(bytes);
      return shared;
    });
    const back = stateOfTree(JSON.parse(JSON.stringify(tree)), copied) as typeof extended;
    expect(back.extraColumn).toEqual(new Float32Array([1.5, -2]));
    expect(back.extraTable).toEqual({ names: ['a', 'b', 'a'], counts: new Uint16Array([3, 4]) });
    expect([...back.entities.all()]).toEqual([...state.entities.all()]);
  });

  it('keeps every entity field as the state holds it, and absent fields as absent', async () => {
    // The state keeps entities in columns (UTF-8 text columns, written once with the graph that
    // numbers them); the snapshot gives back exactly what they hold, with the same fields present.
    const state = await compactStateFromFiles([shippedCases()[0]!.directory]);
    const { tree, sections } = treeOfState(state);
    const back = stateOfTree(JSON.parse(JSON.stringify(tree)), sections.map(({ bytes }) => new Uint8Array(bytes)));
    expect(back.entities).toBe(back.graph.entities);
    expect([...back.entities.all()]).toEqual([...state.entities.all()]);
    expect([...back.entities.all()].map((entity) => Object.keys(entity))).toEqual([...state.entities.all()].map((entity) => Object.keys(entity)));
  });
});

async function viewOf(state: Awaited<ReturnType<typeof compactStateFromFiles>>) {
  const store = new CompactStore();
  await store.loadState(state);
  return store.view();
}
