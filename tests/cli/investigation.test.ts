// CLI contracts of routes --k/--sort, exposure and screen: JSON shapes, text, and bad input → exit 2 naming the flag.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

const dataset = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS, 'listings.csv': VALID_LISTINGS });

describe('routes --k and --sort', () => {
  it('k = 1 sorted by length keeps the route of the plain command, with redFlags, score and rank added', async () => {
    const plain = JSON.parse((await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01', '--format', 'json'])).stdout);
    const withK = JSON.parse((await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01', '--k', '1', '--sort', 'length', '--format', 'json'])).stdout);
    expect(withK.routes).toEqual(plain.routes);
    expect(withK.routes[0]).toMatchObject({ target: 'ste', rank: 1, alternative: 1 });
    expect(withK.routes[0].score.terms.map((term: { name: string }) => term.name)).toEqual(['target', 'directness', 'red_flags', 'evidence']);
  });

  it('answers bad --k and --sort with exit 2 naming the flag', async () => {
    for (const [flag, value] of [['--k', '0'], ['--k', '21'], ['--k', 'two'], ['--sort', 'random']] as const) {
      const result = await runCliCaptured(['routes', '--data', dataset, '--from', 'bluecoat', flag, value]);
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toContain(flag);
    }
  });
});

describe('exposure', () => {
  it('prints the documented JSON shape', async () => {
    const result = await runCliCaptured(['exposure', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(['from', 'asOf', 'maxHops', 'product', 'reachable', 'byJurisdiction', 'byReason', 'flagged', 'filters']);
    expect(parsed.reachable).toEqual({ entities: 2, endUsers: 1, flaggedEndUsers: 1, flaggedShare: 1 });
    expect(parsed.byReason).toEqual([
      { code: 'HR_RISK_GOVERNMENT_END_USER', count: 1 },
      { code: 'LISTED', count: 1 },
      { code: 'SANCTIONED_JURISDICTION', count: 1 },
    ]);
    expect(parsed.flagged.map((entry: { target: string; route: { path: string[] } }) => [entry.target, entry.route.path])).toEqual([['ste', ['bluecoat', 'cl', 'ste']]]);
  });

  it('prints text, and answers bad input with exit 2', async () => {
    const text = await runCliCaptured(['exposure', '--data', dataset, '--from', 'bluecoat', '--as-of', '2012-01-01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 entities reachable');
    expect((await runCliCaptured(['exposure', '--data', dataset])).code).toBe(2);
    expect((await runCliCaptured(['exposure', '--data', dataset, '--from', 'ghost'])).code).toBe(2);
    const badHops = await runCliCaptured(['exposure', '--data', dataset, '--from', 'bluecoat', '--max-hops', '99']);
    expect(badHops.code).toBe(2);
    expect(badHops.stderr).toContain('--max-hops');
    for (const value of ['0', 'many', '-3']) {
      const badLimit = await runCliCaptured(['exposure', '--data', dataset, '--from', 'bluecoat', '--limit', value]);
      expect(badLimit.code, value).toBe(2);
      expect(badLimit.stderr).toContain('--limit');
    }
  });

  it('lists the best --limit routes, says how many more, and still counts every flagged entity', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-exposure-limit-'));
    const targets = ['ta', 'tb', 'tc'];
    writeFileSync(join(folder, 'entities.csv'), ['id,name,kind,country', 's,S,manufacturer,US', ...targets.map((id) => `${id},${id.toUpperCase()},end_user,SY`)].join('\n'));
    writeFileSync(join(folder, 'relationships.csv'), ['source,target,type', ...targets.map((id) => `s,${id},SUPPLIES`)].join('\n'));
    const full = JSON.parse((await runCliCaptured(['exposure', '--data', folder, '--from', 's', '--as-of', '2012-01-01', '--format', 'json'])).stdout);
    expect(full.flagged).toHaveLength(3);
    const limited = await runCliCaptured(['exposure', '--data', folder, '--from', 's', '--as-of', '2012-01-01', '--format', 'json', '--limit', '2']);
    expect(limited.code).toBe(0);
    const parsed = JSON.parse(limited.stdout);
    expect(parsed).toEqual({ ...full, flagged: full.flagged.slice(0, 2), more: 1 });
    const text = await runCliCaptured(['exposure', '--data', folder, '--from', 's', '--as-of', '2012-01-01', '--limit', '1']);
    expect(text.stdout).toContain('… and 2 more (raise --limit to list them)');
  });
});

describe('screen', () => {
  it('prints the verdict with its reasons as JSON and as text', async () => {
    const json = await runCliCaptured(['screen', '--data', dataset, '--seller', 'bluecoat', '--buyer', 'cl', '--date', '2012-01-01', '--format', 'json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(Object.keys(parsed)).toEqual(['sale', 'buyer', 'statedEndUser', 'owners', 'anyOwnerFlagged', 'routes', 'redFlags', 'verdict']);
    expect(parsed.verdict.decision).toBe('review');
    expect(parsed.routes.map((route: { path: string[]; new: boolean }) => [route.path, route.new])).toEqual([[['bluecoat', 'cl', 'ste'], false]]);
    const text = await runCliCaptured(['screen', '--data', dataset, '--seller', 'bluecoat', '--buyer-name', 'Syrian Telecommunications Establishment', '--buyer-country', 'sy', '--date', '2012-01-01']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('VERDICT: STOP');
  });

  it('answers bad input with exit 2 naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--buyer', 'cl'], '--seller'],
      [['--seller', 'bluecoat'], '--buyer'],
      [['--seller', 'bluecoat', '--buyer', 'cl', '--buyer-name', 'X'], '--buyer'],
      [['--seller', 'bluecoat', '--buyer-name', 'X'], '--buyer-country'],
      [['--seller', 'bluecoat', '--buyer-name', 'X', '--buyer-country', 'XX'], '--buyer-country'],
      [['--seller', 'bluecoat', '--buyer', 'cl', '--buyer-country', 'AE'], '--buyer-country'],
      [['--seller', 'bluecoat', '--buyer', 'cl', '--date', '2012-13-01'], '--date'],
    ];
    for (const [args, flag] of cases) {
      const result = await runCliCaptured(['screen', '--data', dataset, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(flag);
    }
    expect((await runCliCaptured(['screen', '--data', dataset, '--seller', 'bluecoat', '--buyer', 'ghost'])).code).toBe(2);
    expect((await runCliCaptured(['screen', '--data', dataset, '--seller', 'bluecoat', '--buyer', 'cl', '--stated-end-user', 'ghost'])).code).toBe(2);
  });
});
