// The CLI's exit codes and its JSON contract.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

const dataset = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS, 'listings.csv': VALID_LISTINGS });

describe('enduse CLI', () => {
  it('validate: exit 0 on good data', async () => {
    const result = await runCliCaptured(['validate', '--data', dataset]);
    expect(result.code).toBe(0);
  });

  it('validate: exit 2 with every problem on stderr', async () => {
    const bad = tempDataset({ 'entities.csv': 'id,name,kind,country\na,A,wholesaler,XX\n' });
    const result = await runCliCaptured(['validate', '--data', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.includes('entities.csv:2'))).toHaveLength(2);
  });

  it('flags --format json prints {asOf, flagged: [{id, reasons: [{code}]}]}', async () => {
    const result = await runCliCaptured(['flags', '--data', dataset, '--as-of', '2012-01-01', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.asOf).toBe('2012-01-01');
    expect(parsed.flagged.map((entry: { id: string }) => entry.id)).toEqual(['ste']);
    expect(parsed.flagged[0].reasons.map((reason: { code: string }) => reason.code)).toContain('LISTED');
  });

  it('routes --format json prints {from, asOf, routes: [{target, path, hops, reasons, edges}]}', async () => {
    const result = await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ from: 'bluecoat', asOf: '2012-01-01' });
    expect(parsed.routes).toHaveLength(1);
    expect(parsed.routes[0]).toMatchObject({ target: 'ste', path: ['bluecoat', 'cl', 'ste'], hops: 2 });
    expect(parsed.routes[0].reasons[0].code).toBe('LISTED');
    expect(parsed.routes[0].edges.map((edge: { evidence: string }) => edge.evidence)).toEqual(['settlement', 'settlement']);
  });

  it('routes text output names the route and its evidence', async () => {
    const result = await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bluecoat → cl → ste');
  });

  it('an unknown --from id is bad input (exit 2)', async () => {
    expect((await runCliCaptured(['routes', '--data', dataset, '--from', 'ghost'])).code).toBe(2);
  });

  it('bad flags are bad input (exit 2)', async () => {
    expect((await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '31/12/2011'])).code).toBe(2);
    expect((await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--max-hops', '0'])).code).toBe(2);
    expect((await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--format', 'xml'])).code).toBe(2);
    expect((await runCliCaptured(['routes', '--from', 'bluecoat'])).code).toBe(2);
    expect((await runCliCaptured(['routes', '--data', dataset, '--bogus'])).code).toBe(2);
    expect((await runCliCaptured(['nonsense'])).code).toBe(2);
  });

  it('entity shows an entity, its flags and neighbours', async () => {
    const result = await runCliCaptured(['entity', 'cl', '--data', dataset, '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.entity.id).toBe('cl');
    expect(parsed.incoming.map((edge: { source: string }) => edge.source)).toEqual(['bluecoat']);
    expect(parsed.outgoing.map((edge: { target: string }) => edge.target)).toEqual(['ste']);
    expect((await runCliCaptured(['entity', 'ghost', '--data', dataset])).code).toBe(2);
  });

  it('runs as `enduse` through its bin entry, with exit codes from the real process', () => {
    const ok = execFileSync(process.execPath, ['bin/enduse.js', 'routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01', '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(ok).routes[0].target).toBe('ste');
    const bad = spawnSync(process.execPath, ['bin/enduse.js', 'routes', '--data', dataset, '--from', 'ghost'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('ghost');
    expect(bad.stderr).not.toContain('    at ');
  });
});
