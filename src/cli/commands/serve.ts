// `enduse serve`: the HTTP API and the dashboard on the embedded store, with the shipped cases
// (or the given datasets) loaded. The server's composition root: it reads the environment.
import type { Command } from 'commander';
import { apiConfigFromEnv } from '../../api/config.ts';
import { startServer } from '../../api/server.ts';
import { shippedCases } from '../../cases/shipped-cases.ts';
import { readDatasets } from '../../load/load-datasets.ts';
import { MemoryStore } from '../../store/memory/memory-store.ts';
import { positiveIntegerOption } from '../options.ts';
import type { Output } from '../output.ts';
import { pino } from 'pino';

export const DEFAULT_PORT = 8080;

export function registerServe(program: Command, output: Output): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard (default: the shipped cases on the embedded store)')
    .option('--port <port>', `port to listen on (default: $PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1; another address needs ENDUSE_API_KEYS)')
    .option('--data <path...>', 'dataset folders or .json files to load instead of the shipped cases (repeatable)')
    .action(async (options: { port?: string; host?: string; data?: string[] }) => {
      const port = positiveIntegerOption(options.port ?? process.env.PORT, options.port === undefined ? 'PORT' : '--port', DEFAULT_PORT, 65_535);
      const cases = shippedCases();
      const config = apiConfigFromEnv(process.env, options.data === undefined ? cases : []);
      const store = new MemoryStore();
      await store.load(readDatasets(options.data ?? cases.map((shipped) => shipped.directory)));
      const running = await startServer(store, { ...config, logger: pino({ level: process.env.LOG_LEVEL ?? 'info' }) }, { port, host: options.host });
      for (const notice of running.notices) output.line(notice);
      output.line(`enduse is serving ${options.data === undefined ? `the shipped cases (${cases.map((shipped) => shipped.id).join(', ')})` : options.data.join(', ')}`);
      output.line(`dashboard: ${running.url}`);
      output.line(`API docs:  ${running.url}docs   (OpenAPI: ${running.url}api/openapi.json)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(() => store.close()).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
