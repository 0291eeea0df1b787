// Dataset versions through the API: restating a stored entity is refused with its conflicts unless
// a mode is given, uploads may point at stored entities, versions are listed and removed with the
// rows only they held, and a new server over the same data folder serves the same answers.
import { withoutDataStamp } from '../support/data-stamp.ts';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { DatasetCatalog } from '../../src/datasets/dataset-catalog.ts';
import { filesChangedAt } from '../../src/datasets/server-datasets.ts';
import { VersionFolder } from '../../src/datasets/version-folder.ts';
import { readValidatedDatasets } from '../../src/load/load-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { configWith, createApp } from '../api/api-support.ts';

const CASE = join(import.meta.dirname, '..', '..', 'data', 'cases', 'blue-coat-syria');
const AS_OF = '2011-06-30';

/** An app over the Blue Coat case as `enduse serve --data` starts it, keeping versions in `folder`. */
async function serverOver(folder: string) {
  const store = new CompactStore();
  const catalog = new DatasetCatalog(store, { folder: new VersionFolder(folder) });
  const report = await catalog.start({ name: 'blue-coat-syria', who: 'cli:test', at: filesChangedAt([CASE]), dataset: readValidatedDatasets([CASE]) });
  const audit = new AuditLog(join(folder, 'audit.jsonl'));
  return { app: createApp(store, configWith({ datasets: catalog, audit })), report, audit };
}

const restatedSte = { id: 'ste-syria', name: 'Swiss Telecom Establishment', kind: 'end_user', country: 'CH' };

async function routeTargets(app: ReturnType<typeof createApp>): Promise<string[]> {
  const response = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: AS_OF });
  expect(response.status).toBe(200);
  return response.body.routes.map((route: { path: string[] }) => route.path.at(-1));
}

describe('an upload restating a stored entity', () => {
  it('is refused 409 with every changed field when it gives no mode, and the store, folder and routes stay as they were', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-versions-'));
    const { app, audit } = await serverOver(folder);
    const before = await request(app).get('/api/entities/ste-syria').query({ asOf: AS_OF });
    const refused = await request(app).post('/api/datasets').send({ entities: [restatedSte] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(refused.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['entities[0].country', 'entities[0].name']);
    expect(refused.body.error.issues[0].message).toContain('blue-coat-syria@1');
    expect((await request(app).get('/api/entities/ste-syria').query({ asOf: AS_OF })).body).toEqual(before.body);
    expect(await routeTargets(app)).toContain('ste-syria');
    expect((await request(app).get('/api/datasets')).body.versions.map((version: { id: string }) => version.id)).toEqual(['blue-coat-syria@1']);
    expect(existsSync(join(folder, 'datasets')) ? readdirSync(join(folder, 'datasets')) : []).toEqual([]);
    expect((await audit.entries()).entries[0]).toMatchObject({ outcome: 'rejected', action: 'load' });
  });

  it('is accepted when restating it changes nothing, and both versions then hold it', async () => {
    const { app } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    const same = await request(app).post('/api/datasets').send({ name: 'ste', entities: [{ id: 'ste-syria', name: 'Syrian Telecommunications Establishment', kind: 'end_user' }] });
    expect(same.status).toBe(201);
    expect(same.body.changes).toEqual([]);
    const side = await request(app).get('/api/datasets').query({ entity: 'ste-syria' });
    expect(side.body.versions.map((version: { id: string; entity: { name: string } }) => [version.id, version.entity.name])).toEqual([
      ['blue-coat-syria@1', 'Syrian Telecommunications Establishment'],
      ['ste@1', 'Syrian Telecommunications Establishment'],
    ]);
  });

  it('with mode merge updates the fields it gives, keeps aliases and source, and lists every change', async () => {
    const { app } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    const merged = await request(app).post('/api/datasets').send({ mode: 'merge', entities: [{ ...restatedSte, aliases: ['STE'] }] });
    expect(merged.status).toBe(201);
    expect(merged.body.version).toMatchObject({ id: 'upload@1', mode: 'merge', changed: 1, persisted: true });
    expect(merged.body.changes).toEqual([
      { entity: 'ste-syria', field: 'name', from: 'Syrian Telecommunications Establishment', to: 'Swiss Telecom Establishment' },
      { entity: 'ste-syria', field: 'country', from: 'SY', to: 'CH' },
    ]);
    const entity = (await request(app).get('/api/entities/ste-syria').query({ asOf: AS_OF })).body.entity;
    expect(entity.aliases).toEqual(['STE', 'Syrian Telecom', 'Syrian Telecommunication Establishment']);
    expect(entity.source).toContain('BIS order');
    // Side by side: each version's own statement is kept.
    const side = await request(app).get('/api/datasets').query({ entity: 'ste-syria' });
    expect(side.body.versions.map((version: { entity: { country: string } }) => version.entity.country)).toEqual(['SY', 'CH']);
  });

  it('with mode replace replaces it whole, and removing that version brings the stored statement back', async () => {
    const { app } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    const before = await request(app).get('/api/entities/ste-syria').query({ asOf: AS_OF });
    const replaced = await request(app).post('/api/datasets').send({ name: 'swiss', mode: 'replace', entities: [restatedSte] });
    expect(replaced.status).toBe(201);
    expect(replaced.body.changes.map((change: { field: string }) => change.field)).toEqual(['name', 'country', 'sector', 'aliases', 'source']);
    expect(await routeTargets(app)).not.toContain('ste-syria');
    const removed = await request(app).delete('/api/datasets/swiss@1');
    expect(removed.status).toBe(200);
    expect(removed.body.rows).toEqual({ entities: 0, relationships: 0, listings: 0, jurisdictions: 0 });
    expect(removed.body.changes.map((change: { field: string }) => change.field)).toEqual(['name', 'country', 'sector', 'aliases', 'source']);
    // The same statement again; only the stamp of the data it was read from (dataAsOf, dataVersion) moves on.
    const unstamped = ({ dataAsOf: _asOf, dataVersion: _version, ...rest }: Record<string, unknown>) => rest;
    expect(unstamped((await request(app).get('/api/entities/ste-syria').query({ asOf: AS_OF })).body)).toEqual(unstamped(before.body));
  });
});

describe('uploads that point at stored entities', () => {
  it('accept a relationship to bluecoat without restating it, and refuse a dangling one with its place', async () => {
    const { app } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    const linked = await request(app)
      .post('/api/datasets')
      .send({ entities: [{ id: 'new-reseller', name: 'New Reseller', kind: 'reseller', country: 'AE' }], relationships: [{ source: 'bluecoat', target: 'new-reseller', type: 'SUPPLIES', product: 'ProxySG', start: '2011-01' }] });
    expect(linked.status).toBe(201);
    expect(linked.body.changes).toEqual([]);
    const dangling = await request(app)
      .post('/api/datasets')
      .send({ entities: [{ id: 'other', name: 'Other', kind: 'reseller' }], relationships: [{ source: 'bluecoat', target: 'nobody', type: 'SUPPLIES' }] });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.issues).toEqual([expect.objectContaining({ field: 'relationships[0].target' })]);
    expect((await request(app).get('/api/entities/other')).status).toBe(404);
  });
});

describe('DELETE /api/datasets/{id}', () => {
  it('removes the rows only that version held, keeps rows another version also states, and refuses what would leave rows dangling', async () => {
    const { app, audit } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    const first = { name: 'first', entities: [{ id: 'shared-co', name: 'Shared Co', kind: 'reseller' }, { id: 'only-first', name: 'Only First', kind: 'reseller' }], relationships: [{ source: 'bluecoat', target: 'shared-co', type: 'SUPPLIES' }] };
    const second = { name: 'second', entities: [{ id: 'shared-co', name: 'Shared Co', kind: 'reseller' }], relationships: [{ source: 'bluecoat', target: 'shared-co', type: 'SUPPLIES' }, { source: 'shared-co', target: 'only-first', type: 'SUPPLIES' }] };
    expect((await request(app).post('/api/datasets').send(first)).status).toBe(201);
    expect((await request(app).post('/api/datasets').send(second)).status).toBe(201);

    const blocked = await request(app).delete('/api/datasets/first@1');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.issues).toEqual([expect.objectContaining({ field: expect.stringMatching(/\.target$/), message: expect.stringContaining('second@1') })]);

    const removedSecond = await request(app).delete('/api/datasets/second@1');
    expect(removedSecond.status).toBe(200);
    // shared-co and bluecoat → shared-co are first@1's too; only shared-co → only-first goes.
    expect(removedSecond.body.rows).toEqual({ entities: 0, relationships: 1, listings: 0, jurisdictions: 0 });
    const removedFirst = await request(app).delete('/api/datasets/first@1');
    expect(removedFirst.body.rows).toEqual({ entities: 2, relationships: 1, listings: 0, jurisdictions: 0 });
    expect((await request(app).get('/api/entities/shared-co')).status).toBe(404);
    expect((await request(app).get('/api/datasets')).body.versions.map((version: { id: string }) => version.id)).toEqual(['blue-coat-syria@1']);
    expect((await audit.entries()).entries[0]).toMatchObject({ action: 'delete', outcome: 'removed' });
  });

  it('answers 404 for an unknown version and 409 for the version of the --data paths', async () => {
    const { app } = await serverOver(mkdtempSync(join(tmpdir(), 'enduse-versions-')));
    expect((await request(app).delete('/api/datasets/nothing@1')).status).toBe(404);
    expect((await request(app).delete('/api/datasets/blue-coat-syria@1')).status).toBe(409);
  });
});

describe('the data folder', () => {
  it('gives a new server over it the same answers, byte for byte', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-versions-'));
    const first = await serverOver(folder);
    await request(first.app).post('/api/datasets').send({ name: 'swiss', mode: 'merge', entities: [restatedSte] }).expect(201);
    await request(first.app).post('/api/datasets').send({ files: { 'entities.csv': 'id,name,kind,country\nnew-co,New Co,reseller,AE\n', 'relationships.csv': 'source,target,type,start\nbluecoat,new-co,SUPPLIES,2011\nnew-co,ste-syria,SUPPLIES,2011-02\n' } }).expect(201);
    const paths = ['/api/datasets', '/api/entities/ste-syria?asOf=2011-06-30', '/api/entities/bluecoat/routes?asOf=2011-06-30', '/api/flags?asOf=2011-06-30', '/api/entities/bluecoat/exposure?asOf=2011-06-30'];
    // Byte for byte but for the stamp of when each server read its data (dataAsOf, dataVersion), which differs by design.
    const answers = async (app: ReturnType<typeof createApp>) => Promise.all(paths.map(async (path) => withoutDataStamp((await request(app).get(path)).text)));
    const before = await answers(first.app);
    const second = await serverOver(folder);
    expect(second.report.restored.map((version) => version.id)).toEqual(['swiss@1', 'upload@1']);
    expect(await answers(second.app)).toEqual(before);
  });

  it('skips a damaged version file, reports it, and removes the temporary file of an interrupted upload', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-versions-'));
    const first = await serverOver(folder);
    await request(first.app).post('/api/datasets').send({ name: 'kept', entities: [{ id: 'kept-co', name: 'Kept Co', kind: 'reseller' }] }).expect(201);
    await request(first.app).post('/api/datasets').send({ name: 'torn', entities: [{ id: 'torn-co', name: 'Torn Co', kind: 'reseller' }] }).expect(201);
    const files = readdirSync(join(folder, 'datasets')).sort();
    const torn = join(folder, 'datasets', files[1]!);
    writeFileSync(torn, readFileSync(torn, 'utf8').replace('Torn Co', 'Torn Cx'));
    appendFileSync(join(folder, 'datasets', '.00000003.jsonl.1.x.tmp'), '{"format":');
    const second = await serverOver(folder);
    expect(second.report.restored.map((version) => version.id)).toEqual(['kept@1']);
    expect(second.report.skipped).toEqual([{ file: torn, reason: expect.stringContaining('digest') }]);
    expect(second.report.leftovers).toEqual(['.00000003.jsonl.1.x.tmp']);
    expect((await request(second.app).get('/api/entities/torn-co')).status).toBe(404);
    expect((await request(second.app).get('/api/entities/kept-co')).status).toBe(200);
  });
});
