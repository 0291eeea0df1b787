// Benchmark: the request thread with and without the server's express request classes
// (src/api/express-request-classes.ts). The same app (keys, rate limits, helmet, request log at
// info into /dev/null), served twice in this one process: "plain" is `http.createServer(app)`,
// where express changes every request's and response's prototype on arrival; "classes" is what
// `enduse serve` runs. Rounds alternate between the two; in each, 50 connections from a load
// generator in its own process ask one cheap path for a few seconds while this process records
// its young-generation collections (PerformanceObserver 'gc', minor). Prints medians per mode and
// the ratio classes / plain; asserts nothing.
// Run: npm run bench:request-prototypes   (node with the 64 MiB semi-space `enduse serve` uses;
// PROTOTYPES_ROUNDS and PROTOTYPES_SECONDS change the 3 rounds of 5 s)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../src/api/app.ts';
import { apiConfig } from '../src/api/config.ts';
import { expressServerOptions } from '../src/api/express-request-classes.ts';
import { AuditLog } from '../src/audit/audit-log.ts';
import { CompactStore } from '../src/store/compact/compact-store.ts';
import { buildDataset } from '../tests/support/build-dataset.ts';
import { hammerFromChild } from './api-load-clients.ts';

/** A whole number of at least 1 from the environment, or one line naming the variable and exit 2. */
function countSetting(name: string, fallback: number): number {
  const given = process.env[name];
  if (given === undefined) return fallback;
  if (!/^\d+$/.test(given.trim()) || Number(given) < 1) {
    process.stderr.write(`request-prototypes: ${name} is '${given}'; give a whole number of 1 or more (default ${fallback})\n`);
    process.exit(2);
  }
  return Number(given);
}

const ROUNDS = countSetting('PROTOTYPES_ROUNDS', 3);
const SECONDS = countSetting('PROTOTYPES_SECONDS', 5);
const CONNECTIONS = 50;
const KEY = randomBytes(24).toString('base64url');

const store = new CompactStore();
await store.load(
  buildDataset({
    entities: [
      { id: 'bluecoat', name: 'Blue Coat Systems', kind: 'manufacturer', country: 'US' },
      { id: 'reseller', name: 'Computerlinks FZCO', kind: 'reseller', country: 'AE' },
    ],
    relationships: [{ source: 'bluecoat', target: 'reseller', type: 'SUPPLIES', start: '2010-01-01' }],
  }),
);

function app() {
  return createApp(
    store,
    apiConfig({
      apiKeys: [{ name: 'bench', scope: 'read', key: KEY }],
      logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true })),
      audit: new AuditLog(join(mkdtempSync(join(tmpdir(), 'enduse-prototypes-')), 'audit.jsonl')),
      limits: { requestsPerMinute: 100_000_000, workers: 0 },
    }),
  );
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const plainApp = app();
const classesApp = app();
const servers = { plain: createServer(plainApp), classes: createServer(expressServerOptions(classesApp), classesApp) };
const urls = { plain: await listen(servers.plain), classes: await listen(servers.classes) };

interface Round {
  requestsPerSecond: number;
  scavenges: number;
  scavengeMs: number;
  longestScavengeMs: number;
}

async function round(mode: keyof typeof urls, path: string): Promise<Round> {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.push(entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const load = await hammerFromChild({ url: urls[mode], paths: [path], durationS: SECONDS, callers: [KEY], connections: CONNECTIONS }, 0);
  observer.disconnect();
  const bad = Object.keys(load.statuses).filter((status) => status !== '200');
  if (bad.length > 0 || load.errors > 0) throw new Error(`${mode} ${path}: statuses ${JSON.stringify(load.statuses)}, errors ${load.errors}`);
  return {
    requestsPerSecond: load.requestsPerSecond,
    scavenges: pauses.length,
    scavengeMs: pauses.reduce((sum, ms) => sum + ms, 0),
    longestScavengeMs: Math.max(0, ...pauses),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fixed = (value: number, digits = 1) => value.toFixed(digits);

console.log(`${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per mode and path, alternating; node ${process.version}, ${process.execArgv.join(' ') || 'no node flags'}`);
for (const path of ['/api/health', '/api/entities/reseller?asOf=2011-06-30']) {
  const rounds: Record<keyof typeof urls, Round[]> = { plain: [], classes: [] };
  for (let index = 0; index < ROUNDS; index++) {
    for (const mode of index % 2 === 0 ? (['plain', 'classes'] as const) : (['classes', 'plain'] as const)) rounds[mode].push(await round(mode, path));
  }
  const figures = (mode: keyof typeof urls) => {
    const of = (pick: (r: Round) => number) => median(rounds[mode].map(pick));
    const perSecond = of((r) => r.requestsPerSecond);
    return {
      perSecond,
      scavengeShare: of((r) => r.scavengeMs / (SECONDS * 1000)),
      meanScavengeMs: of((r) => (r.scavenges === 0 ? 0 : r.scavengeMs / r.scavenges)),
      longestScavengeMs: of((r) => r.longestScavengeMs),
      scavengeMsPer1000Requests: of((r) => (r.scavengeMs / (r.requestsPerSecond * SECONDS)) * 1000),
    };
  };
  const plain = figures('plain');
  const classes = figures('classes');
  console.log(`\n${path}`);
  console.log('| median of rounds | plain (prototype changed per request) | classes (enduse serve) | classes / plain |');
  console.log('| --- | --- | --- | --- |');
  const row = (name: string, a: number, b: number, digits = 1) => console.log(`| ${name} | ${fixed(a, digits)} | ${fixed(b, digits)} | ${fixed(b / a, 2)}x |`);
  row('requests per second', plain.perSecond, classes.perSecond, 0);
  row('scavenge ms per 1,000 requests', plain.scavengeMsPer1000Requests, classes.scavengeMsPer1000Requests);
  row('mean scavenge pause, ms', plain.meanScavengeMs, classes.meanScavengeMs, 2);
  row('longest scavenge pause, ms', plain.longestScavengeMs, classes.longestScavengeMs);
  row('share of time in scavenges, %', plain.scavengeShare * 100, classes.scavengeShare * 100);
}
await Promise.all(Object.values(servers).map((server) => new Promise((done) => server.close(done))));
process.exit(0);
