// Where k = 3 for the largest manufacturer spends its CPU: loads a dataset, warms up once, then
// profiles `ROUNDS` runs only (not the load) and writes a .cpuprofile plus a self-time summary.
// Usage: tsx bench/scale/profile-k.ts DIR OUT.cpuprofile [ROUNDS]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { largestManufacturerQuestion } from './largest-manufacturer.ts';
import { cpuSeconds } from './stats.ts';

const [folder, out, roundsText = '3'] = process.argv.slice(2);
if (folder === undefined || out === undefined) {
  process.stderr.write('usage: tsx bench/scale/profile-k.ts DATASET_DIR OUT.cpuprofile [ROUNDS]\n');
  process.exit(2);
}
const { view, from, asOf, flags } = await largestManufacturerQuestion(folder);
const options = { asOf, flags, maxHops: 6 };
kShortestFlaggedRoutes(view, from, { ...options, k: 3 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
let firstCpu = 0;
let kCpu = 0;
for (let round = 0; round < Number(roundsText); round++) {
  let started = cpuSeconds();
  findFlaggedRoutes(view, from, options);
  firstCpu += cpuSeconds() - started;
  started = cpuSeconds();
  kShortestFlaggedRoutes(view, from, { ...options, k: 3 });
  kCpu += cpuSeconds() - started;
}
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
const rounds = Number(roundsText);
process.stdout.write(`first routes ${(firstCpu / rounds).toFixed(3)} s CPU, k = 3 ${(kCpu / rounds).toFixed(3)} s CPU per round\n`);
// Self time by function (file:line), largest first.
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const interval = (profile.endTime - profile.startTime) / profile.samples!.length;
for (const id of profile.samples!) {
  const frame = byId.get(id)!.callFrame;
  const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + interval);
}
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`${(micros / 1000 / rounds).toFixed(0).padStart(6)} ms  ${key}\n`);
