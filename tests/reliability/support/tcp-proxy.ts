// A TCP proxy on 127.0.0.1 between enduse and a real Neo4j: `cut()` drops every connection and
// refuses new ones (to the client, the database went away), `restore()` listens again on the same
// port. The database itself keeps running, so other test files sharing it are not disturbed.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** bolt://127.0.0.1:<port> of the proxy. */
  readonly uri: string;
  /** Bytes sent from clients to the server since start. */
  readonly bytesToServer: number;
  /** Closes the listening socket and destroys every open connection. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Calls `then` once, when the bytes sent to the server pass `bytes`: a cut in the middle of a transfer. */
  onBytesToServer(bytes: number, then: () => void): void;
  /** Bytes sent from the server to clients since start. */
  readonly bytesToClient: number;
  /** Calls `then` once, when the bytes sent to clients pass `bytes`: a cut in the middle of a read. */
  onBytesToClient(bytes: number, then: () => void): void;
  close(): Promise<void>;
}

/**
 * @example const proxy = await startTcpProxy('bolt://127.0.0.1:7687'); …; await proxy.cut(); …; await proxy.restore();
 */
export async function startTcpProxy(targetUri: string): Promise<TcpProxy> {
  const target = new URL(targetUri.replace(/^bolt:/, 'http:'));
  const sockets = new Set<Socket>();
  let bytesToServer = 0;
  const watchers: { bytes: number; then: () => void }[] = [];
  let bytesToClient = 0;
  const clientWatchers: { bytes: number; then: () => void }[] = [];
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.on('data', (chunk: Buffer) => {
          bytesToServer += chunk.length;
          for (const watcher of watchers.filter((each) => bytesToServer >= each.bytes)) {
            watchers.splice(watchers.indexOf(watcher), 1);
            watcher.then();
          }
        });
        upstream.on('data', (chunk: Buffer) => {
          bytesToClient += chunk.length;
          for (const watcher of clientWatchers.filter((each) => bytesToClient >= each.bytes)) {
            clientWatchers.splice(clientWatchers.indexOf(watcher), 1);
            watcher.then();
          }
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        server = listening;
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });

  await listen();
  const proxy: TcpProxy = {
    get uri() {
      return `bolt://127.0.0.1:${port}`;
    },
    get bytesToServer() {
      return bytesToServer;
    },
    async cut() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async restore() {
      if (server === undefined) await listen();
    },
    onBytesToServer(bytes, then) {
      watchers.push({ bytes, then });
    },
    get bytesToClient() {
      return bytesToClient;
    },
    onBytesToClient(bytes, then) {
      clientWatchers.push({ bytes, then });
    },
    close() {
      return proxy.cut();
    },
  };
  return proxy;
}
