// Exposure of the largest manufacturer (limit 100, as the API answers) from this tree against the
// one in OLD_TREE (default /work/main), in one process over one loaded snapshot, alternating order,
// with a check that both give the same answer. Usage: tsx bench/scale/exposure-ab.ts SNAPSHOT [AS_OF] [RUNS] [OLD_TREE]
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { cpuSeconds } from './stats.ts';
const [snapshot, asOf = '2024-06-30', runs = '3', oldTree = '/work/main'] = process.argv.slice(2);
const { computeExposure: oldExposure } = (await import(`${oldTree}/src/analysis/exposure.ts`)) as { computeExposure: typeof computeExposure };
const store = new CompactStore();
await store.loadState((await readSnapshot(snapshot!)).state);
const view = await store.view();
const flags = flaggedEntities(view, asOf);
const options = { asOf, flags, freeTradeZones: [], limit: 100, maxHops: 6 };
const run = (which: 'old' | 'new') => {
  const c = cpuSeconds();
  const answer = (which === 'old' ? oldExposure : computeExposure)(view, 'mfr-1', options);
  return { cpu: cpuSeconds() - c, json: JSON.stringify(answer) };
};
run('old'); run('new');
const totals = { old: 0, new: 0 };
for (let i = 0; i < Number(runs); i++) {
  const order = i % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
  const results = Object.fromEntries(order.map((which) => [which, run(which)])) as Record<'old' | 'new', { cpu: number; json: string }>;
  totals.old += results.old.cpu; totals.new += results.new.cpu;
  console.log(`run ${i}: exposure old ${results.old.cpu.toFixed(2)} s cpu, new ${results.new.cpu.toFixed(2)} s cpu, same answer: ${results.old.json === results.new.json}`);
}
console.log(`mean: old ${(totals.old / Number(runs)).toFixed(2)}, new ${(totals.new / Number(runs)).toFixed(2)} s cpu`);
