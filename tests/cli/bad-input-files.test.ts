// Issue 14, point 3, for the command line: non-regular files and files over ENDUSE_MAX_INPUT_BYTES
// are refused with exit 2 (real processes, with their peak memory), numbers are decimal only, and
// a key given twice in a JSON dataset is an error naming it. A fast-check property runs hostile
// large and deep files through the real CLI: always exit 2, memory bounded, nothing loaded.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { tempDataset, VALID_ENTITIES, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

const PEAK_RSS = new URL('../support/peak-rss.mjs', import.meta.url).pathname;

interface Run {
  code: number | null;
  stderr: string;
  peakRssMb: number;
}

/** Runs `enduse args…` as a real process (killed after 60 s), with its exit code and peak memory. */
function enduse(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [PEAK_RSS, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  const peak = /peak-rss-kb (\d+)/.exec(result.stderr);
  return { code: result.status, stderr: result.stderr, peakRssMb: peak ? Number(peak[1]) / 1024 : Infinity };
}

const folder = () => mkdtempSync(join(tmpdir(), 'enduse-input-'));

describe('files that are not data files', () => {
  it('validate --data /dev/zero: exit 2 at once, naming the device, in bounded memory (it grew to 22 GB)', () => {
    const run = enduse(['validate', '--data', '/dev/zero']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/dev\/zero: is not a regular file/);
    expect(run.peakRssMb).toBeLessThan(400);
  });

  it('a FIFO as the JSON file: exit 2, not a wait for a writer', () => {
    const fifo = join(folder(), 'data.json');
    execFileSync('mkfifo', [fifo]);
    const run = enduse(['validate', '--data', fifo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(fifo);
  });

  it('entities.csv linked to /dev/zero in a dataset folder: exit 2 from the streaming validator and from load', () => {
    const dataset = tempDataset({ 'relationships.csv': VALID_RELATIONSHIPS });
    symlinkSync('/dev/zero', join(dataset, 'entities.csv'));
    for (const command of ['validate', 'load']) {
      const run = enduse([command, '--data', dataset]);
      expect(run.code, command).toBe(2);
      expect(run.stderr).toMatch(/entities\.csv: is not a regular file/);
      expect(run.peakRssMb).toBeLessThan(400);
    }
  });
});

describe('import sources, mappings and judgements are input files too', () => {
  it.each([
    ['import', 'ftm', '/dev/zero', '--out', 'OUT'],
    ['import', 'ofac-sdn', '/dev/zero', '--out', 'OUT'],
    ['import', 'csv', '--mapping', '/dev/zero', '--out', 'OUT'],
  ])('%s %s … /dev/zero: exit 2 naming the device', async (...args) => {
    const result = await runCliCaptured(args.map((arg) => (arg === 'OUT' ? join(folder(), 'out') : arg)));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/dev/zero: is not a regular file');
  });
});

describe('the input size limit (ENDUSE_MAX_INPUT_BYTES)', () => {
  const limit = { ENDUSE_MAX_INPUT_BYTES: '20000' };
  const rows = (count: number) => `${VALID_RELATIONSHIPS}${'bluecoat,cl,SUPPLIES,ProxySG,2010-10-29,2010-10-29,settlement\n'.repeat(count)}`;

  it('refuses a CSV file over the limit (streaming and whole-file readers alike) and reads one under it', () => {
    const over = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': rows(400) });
    for (const command of ['validate', 'load']) {
      const run = enduse([command, '--data', over], limit);
      expect(run.code, command).toBe(2);
      expect(run.stderr).toMatch(/relationships\.csv: is \d+ bytes, over the input limit of 20000 bytes/);
    }
    const under = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': rows(10) });
    expect(enduse(['validate', '--data', under], limit).code).toBe(0);
  });

  it('refuses a JSON file over the limit, and names a malformed limit', () => {
    const file = join(folder(), 'big.json');
    writeFileSync(file, JSON.stringify({ entities: Array.from({ length: 500 }, (_, index) => ({ id: `e${index}`, name: 'E', kind: 'company' })) }));
    const run = enduse(['validate', '--data', file], limit);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('over the input limit');
    const malformed = enduse(['validate', '--data', file], { ENDUSE_MAX_INPUT_BYTES: '1e9' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('ENDUSE_MAX_INPUT_BYTES');
  });
});

describe('numbers and keys', () => {
  const ownership = (share: string) =>
    tempDataset({
      'entities.csv': 'id,name,kind\nparent,Parent,company\nchild,Child,company\n',
      'relationships.csv': `source,target,type,share\nparent,child,OWNS,${share}\n`,
    });

  it.each(['0x32', '0b110010', '0o62', '1e1', 'Infinity', '5_0'])('a share of %s is refused naming the share, not read as a number', async (share) => {
    const result = await runCliCaptured(['validate', '--data', ownership(share)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/relationships\.csv:2 share:/);
  });

  it.each(['50', '12.5', ' 33 ', '100'])('a share of %j is read', async (share) => {
    expect((await runCliCaptured(['validate', '--data', ownership(share)])).code).toBe(0);
  });

  it('a JSON share as text in hex is refused; as a JSON number or decimal text it is read', async () => {
    const file = (share: unknown) => {
      const path = join(folder(), 'owned.json');
      writeFileSync(path, JSON.stringify({ entities: [{ id: 'p', name: 'P', kind: 'company' }, { id: 'c', name: 'C', kind: 'company' }], relationships: [{ source: 'p', target: 'c', type: 'OWNS', share }] }));
      return path;
    };
    expect((await runCliCaptured(['validate', '--data', file('0x32')])).code).toBe(2);
    expect((await runCliCaptured(['validate', '--data', file(50)])).code).toBe(0);
    expect((await runCliCaptured(['validate', '--data', file('50.5')])).code).toBe(0);
  });

  it('two entities keys in a JSON file: exit 2 naming the line and the key (the last one was loaded silently)', async () => {
    const path = join(folder(), 'twice.json');
    writeFileSync(path, '{\n  "entities": [{"id": "a", "name": "A", "kind": "company"}],\n  "entities": []\n}\n');
    const result = await runCliCaptured(['validate', '--data', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}:3 entities: is given twice`);
    const nested = join(folder(), 'nested.json');
    writeFileSync(nested, '{"entities": [{"id": "a", "name": "A", "kind": "company", "kind": "end_user"}]}');
    expect((await runCliCaptured(['validate', '--data', nested])).stderr).toContain('entities[0].kind: is given twice');
  });
});

describe('property: hostile large and deep files', () => {
  const reference = readReference();
  /** Hostile JSON dataset texts: long arrays, deep nesting, a duplicated key late in a long file, hex numbers. */
  const hostileJson = fc.oneof(
    fc.integer({ min: 1, max: 300_000 }).map((items) => `{"entities":[${'0,'.repeat(items)}0]}`),
    fc.integer({ min: 17, max: 300_000 }).map((depth) => `{"entities":${'['.repeat(depth)}${']'.repeat(depth)}}`),
    fc.integer({ min: 0, max: 20_000 }).map((count) => `{"entities":[${'{"id":"e","name":"E","kind":"company"},'.repeat(count)}{"id":"x","name":"X","kind":"company","id":"y"}]}`),
    fc.constantFrom('0x32', '0b110010', '1e1', '-0x1').map((share) => `{"entities":[{"id":"p","name":"P","kind":"company"},{"id":"c","name":"C","kind":"company"}],"relationships":[{"source":"p","target":"c","type":"OWNS","share":"${share}"}]}`),
  );

  it('in process: always InvalidInputError with places, never a crash of another kind', () => {
    fc.assert(
      fc.property(hostileJson, (text) => {
        const path = join(folder(), 'hostile.json');
        writeFileSync(path, text);
        let refused: unknown;
        try {
          readDatasets([path], reference);
        } catch (error) {
          refused = error;
        }
        expect(refused).toBeInstanceOf(InvalidInputError);
        for (const problem of (refused as InvalidInputError).problems.slice(0, 100)) {
          expect(problem.file).toBe(path);
          expect(problem.line !== undefined || problem.field !== undefined).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('as real processes: exit 2 and peak memory under 600 MB for files up to a few MB', () => {
    fc.assert(
      fc.property(hostileJson, (text) => {
        const path = join(folder(), 'hostile.json');
        writeFileSync(path, text);
        const run = enduse(['validate', '--data', path]);
        expect(run.code, run.stderr.slice(0, 500)).toBe(2);
        expect(run.peakRssMb).toBeLessThan(600);
      }),
      { numRuns: 5 },
    );
  }, 300_000);
});
