// Where the server may listen: 127.0.0.1 only without keys; a real start answers on its URL.
import { describe, expect, it } from 'vitest';
import { listeningHost, startServer } from '../../src/api/server.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { entity } from '../support/build-dataset.ts';
import { configWith, storeOf } from './api-support.ts';

const keys = [{ name: 'ops', scope: 'read' as const, key: 'ops-key-0123456789abcdef' }];

describe('listeningHost', () => {
  it('listens on 127.0.0.1 without keys and says so', () => {
    const chosen = listeningHost(undefined, configWith());
    expect(chosen.host).toBe('127.0.0.1');
    expect(chosen.notices).toHaveLength(1);
  });

  it('refuses another address without keys, and allows it with keys', () => {
    expect(() => listeningHost('0.0.0.0', configWith())).toThrow(InvalidInputError);
    expect(listeningHost('0.0.0.0', configWith({ apiKeys: keys })).host).toBe('0.0.0.0');
  });
});

describe('startServer', () => {
  it('serves the API on the printed URL', async () => {
    const running = await startServer(await storeOf({ entities: [entity('a')] }), configWith(), { port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const health = await fetch(`${running.url}api/health`);
      expect(await health.json()).toEqual({
        status: 'ok',
        backend: 'memory',
        entities: 1,
        relationships: 0,
        projection: { status: 'current', refreshing: false, serving: { version: 1, dataAsOf: expect.any(String) } },
        dataAsOf: expect.any(String),
        dataVersion: 1,
      });
    } finally {
      await running.close();
    }
  });
});
