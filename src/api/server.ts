// Starts the HTTP server: picks the listening address under the no-keys rule and warms the
// dashboard bundle. Returns the running server and its URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { InvalidInputError, StoreUnavailableError } from '../domain/errors.ts';
import type { GraphStore } from '../store/graph-store.ts';
import { createApp, questionRunnerFor } from './app.ts';
import { expressServerOptions } from './express-request-classes.ts';
import type { ApiConfig } from './config.ts';
import { browserBundles } from './web-assets.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * How long an idle keep-alive connection stays open. Node's 5 s default loses requests under
 * load: analysis is synchronous, and when the event loop has been busy longer than the timeout,
 * the timer closes a connection whose next request is already waiting unread (the client sees
 * ECONNRESET; the API load benchmark did). A minute outlasts a round of queued requests.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const LOCAL_HOST = '127.0.0.1';

export interface ServerOptions {
  port: number;
  /** Address to listen on; 127.0.0.1 when absent. */
  host?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** What a person should know at start (local-only mode, keys). */
  notices: string[];
  close(): Promise<void>;
}

/**
 * Refuses a non-loopback address without API keys: an open server reachable from the network
 * could be loaded with data by anyone.
 */
export function listeningHost(requested: string | undefined, config: ApiConfig): { host: string; notices: string[] } {
  const host = requested ?? LOCAL_HOST;
  if (config.apiKeys.length === 0) {
    if (!LOOPBACK.has(host)) {
      throw new InvalidInputError(`refusing to listen on ${host} without API keys`, [
        { field: '--host', message: `without ENDUSE_API_KEYS the server only listens on ${LOCAL_HOST}; set ENDUSE_API_KEYS="name:scope:key,…" to listen on ${host}` },
      ]);
    }
    return { host, notices: [`no API keys configured (ENDUSE_API_KEYS): listening on ${host} only, open to this machine`] };
  }
  return { host, notices: [`${config.apiKeys.length} API key(s) configured: requests need Authorization: Bearer <key>`] };
}

export async function startServer(store: GraphStore, config: ApiConfig, options: ServerOptions): Promise<RunningServer> {
  const { host, notices } = listeningHost(options.host, config);
  await browserBundles();
  const questions = questionRunnerFor(config);
  // The workers build their view of the data before the first request, so "listening" means ready.
  try {
    await questions.prepare(await store.view(), config.logger as Logger | undefined);
    if (questions.settings.workers > 0) (config.logger as Logger | undefined)?.info({ workers: questions.settings.workers, workerNiceness: questions.workerNiceness }, 'question workers ready');
  } catch (error) {
    // A store that cannot answer now is reported per request (503 STORE_UNAVAILABLE), as before.
    await questions.close();
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
  const app = createApp(store, config, questions);
  const server = createServer(expressServerOptions(app), app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed the keep-alive timeout (Node's guidance), or a reused connection can be cut mid-request.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${port}/`,
    notices,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await questions.close();
    },
  };
}
