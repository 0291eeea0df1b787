// One settings reader for every command: --backend memory|neo4j (serve included), each setting
// from its flag, else its environment variable, else its default; --store points at --backend.
import { describe, expect, it } from 'vitest';
import { serveSettings, storeSettings } from '../../src/cli/backend-options.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { runCliCaptured } from '../support/capture-output.ts';

describe('storeSettings and serveSettings', () => {
  it('takes the flag, else the environment, else the default', () => {
    expect(storeSettings({}, {})).toEqual({ backend: 'memory' });
    expect(storeSettings({ backend: 'neo4j' }, { NEO4J_URI: 'neo4j://cluster:7687', NEO4J_USERNAME: 'reader' })).toEqual({ backend: 'neo4j', neo4j: { uri: 'neo4j://cluster:7687', user: 'reader' } });
    expect(storeSettings({ backend: 'neo4j', neo4jUri: 'bolt://flag:7687' }, { NEO4J_URI: 'bolt://env:7687' })).toMatchObject({ neo4j: { uri: 'bolt://flag:7687' } });

    expect(serveSettings({}, {})).toEqual({ store: { backend: 'memory' }, port: 8080, refreshIntervalMs: 300_000, changePollMs: 5_000 });
    const fromEnv = serveSettings({ backend: 'neo4j' }, { PORT: '9000', ENDUSE_REFRESH_INTERVAL: '60', ENDUSE_CHANGE_POLL: '0' });
    expect(fromEnv).toMatchObject({ port: 9000, refreshIntervalMs: 60_000, changePollMs: 0, store: { backend: 'neo4j' } });
    const fromFlags = serveSettings({ port: '9001', refreshInterval: '5', changePoll: '2', host: '0.0.0.0' }, { PORT: '9000', ENDUSE_REFRESH_INTERVAL: '60' });
    expect(fromFlags).toMatchObject({ port: 9001, refreshIntervalMs: 5_000, changePollMs: 2_000, host: '0.0.0.0' });
  });

  it('refuses bad values naming the flag or the variable they came from', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as InvalidInputError).problems.map((problem) => problem.field);
      }
      throw new Error('no error');
    };
    expect(fieldOf(() => storeSettings({ backend: 'graphite' }, {}))).toEqual(['--backend']);
    expect(fieldOf(() => serveSettings({ refreshInterval: 'soon' }, {}))).toEqual(['--refresh-interval']);
    expect(fieldOf(() => serveSettings({}, { ENDUSE_REFRESH_INTERVAL: '-1' }))).toEqual(['ENDUSE_REFRESH_INTERVAL']);
    expect(fieldOf(() => serveSettings({}, { ENDUSE_CHANGE_POLL: '100000' }))).toEqual(['ENDUSE_CHANGE_POLL']);
    expect(fieldOf(() => serveSettings({}, { PORT: '70000' }))).toEqual(['PORT']);
  });
});

describe('enduse serve settings on the command line', () => {
  it('answers --store with exit 2 and the --backend to give instead', async () => {
    const result = await runCliCaptured(['serve', '--store', 'neo4j', '--port', '18099']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--backend neo4j');
  });

  it('refuses --data with --backend neo4j and a bad refresh interval before touching any store', async () => {
    // The Neo4j named does not exist: a refusal must come before any connection.
    const unreachable = ['--backend', 'neo4j', '--neo4j-uri', 'bolt://127.0.0.1:1'];
    const withData = await runCliCaptured(['serve', ...unreachable, '--data', 'data/cases/blue-coat-syria', '--port', '18099']);
    expect(withData.code).toBe(2);
    expect(withData.stderr).toContain('--data');
    const badInterval = await runCliCaptured(['serve', ...unreachable, '--refresh-interval', 'often', '--port', '18099']);
    expect(badInterval.code).toBe(2);
    expect(badInterval.stderr).toContain('--refresh-interval');
  });

  it('exits 2 with one line when serve --backend neo4j cannot reach the server', async () => {
    const result = await runCliCaptured(['serve', '--backend', 'neo4j', '--neo4j-uri', 'bolt://127.0.0.1:1', '--port', '18099']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('loads into the compact store with --backend memory (the embedded store), not the reference store', async () => {
    const result = await runCliCaptured(['load', '--data', 'data/cases/blue-coat-syria', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ backend: 'memory', persists: false });
  });
});
