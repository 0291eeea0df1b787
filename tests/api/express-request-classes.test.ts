// The server makes requests and responses with the app's express prototypes from the start, so
// express changes no prototype per request; express's own methods still work on them.
import { createServer, IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressServerOptions } from '../../src/api/express-request-classes.ts';
import { startServer } from '../../src/api/server.ts';
import { entity } from '../support/build-dataset.ts';
import { configWith, storeOf } from './api-support.ts';

/** An app that reports, per request, whether the prototypes were already express's on arrival. */
function observedApp() {
  const app = express();
  const arrived = new WeakMap<object, object | null>();
  app.get('/look', (req, res) => {
    res.json({
      requestPrototypeKept: arrived.get(req) === Object.getPrototypeOf(req),
      responsePrototypeKept: arrived.get(res) === Object.getPrototypeOf(res),
      requestIsTheApps: Object.getPrototypeOf(req) === app.request,
      // express's request and response methods, through the prototypes the server gave
      header: req.get('x-probe'),
      query: req.query,
      path: req.path,
      isNodeRequest: req instanceof IncomingMessage,
    });
  });
  const watch = (server: Server) => {
    // Runs before express sees the request.
    server.prependListener('request', (req: object, res: object) => {
      arrived.set(req, Object.getPrototypeOf(req));
      arrived.set(res, Object.getPrototypeOf(res));
    });
    return server;
  };
  return { app, watch };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function look(url: string) {
  const response = await fetch(`${url}/look?a=1&b=two`, { headers: { 'x-probe': 'seen' } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('expressServerOptions', () => {
  it('gives requests and responses the app’s prototypes on arrival, and express’s methods still answer', async () => {
    const { app, watch } = observedApp();
    const url = await listen(watch(createServer(expressServerOptions(app), app)));
    for (let round = 0; round < 3; round++) {
      expect(await look(url)).toEqual({
        requestPrototypeKept: true,
        responsePrototypeKept: true,
        requestIsTheApps: true,
        header: 'seen',
        query: { a: '1', b: 'two' },
        path: '/look',
        isNodeRequest: true,
      });
    }
  });

  it('is what a plain server lacks: there express changes each request’s prototype', async () => {
    const { app, watch } = observedApp();
    const url = await listen(watch(createServer(app)));
    expect(await look(url)).toMatchObject({ requestPrototypeKept: false, responsePrototypeKept: false, requestIsTheApps: true, header: 'seen' });
  });

  it('is what `startServer` uses: the real server keeps every prototype it made', async () => {
    const running = await startServer(await storeOf({ entities: [entity('a')] }), configWith(), { port: 0 });
    try {
      const changed: string[] = [];
      running.server.prependListener('request', (req: IncomingMessage, res: object) => {
        const before = [Object.getPrototypeOf(req), Object.getPrototypeOf(res)];
        setImmediate(() => {
          if (Object.getPrototypeOf(req) !== before[0] || Object.getPrototypeOf(res) !== before[1]) changed.push(req.url ?? '');
        });
      });
      for (const path of ['api/health', 'api/entities/a', 'api/openapi.json', 'api/nowhere']) await fetch(`${running.url}${path}`);
      await new Promise((done) => setImmediate(done));
      expect(changed).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
