// Before and after for k = 3 from the largest manufacturer, in one process on one load of a
// dataset: this checkout's k alternatives and another checkout's (e.g. /work/main) run in turn,
// so both see the same load (on a shared machine, separate runs minutes apart differ by more
// than most changes). Prints each side's answer hash (they must match), CPU and wall seconds.
// Usage: tsx bench/scale/measure-k-against.ts OTHER_CHECKOUT DIR [ROUNDS]
// e.g. npx tsx bench/scale/measure-k-against.ts /work/main /tmp/enduse-bench/e1000000-r5000000-s1 7
import { createHash } from 'node:crypto';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import { largestManufacturerQuestion } from './largest-manufacturer.ts';
import { stolenTimeSince } from '../stolen-time.ts';
import { cpuSeconds, printResult, summarise } from './stats.ts';

const [other, folder, roundsText = '7'] = process.argv.slice(2);
if (other === undefined || folder === undefined) {
  process.stderr.write('usage: tsx bench/scale/measure-k-against.ts OTHER_CHECKOUT DATASET_DIR [ROUNDS]\n');
  process.exit(2);
}
const otherModule = (await import(`${other}/src/analysis/k-shortest-routes.ts`)) as { kShortestFlaggedRoutes: typeof kShortestFlaggedRoutes };
const sides = { other: otherModule.kShortestFlaggedRoutes, this: kShortestFlaggedRoutes };

const { view, from, asOf, flags } = await largestManufacturerQuestion(folder);

const stolen = stolenTimeSince();
const results = { other: { cpu: [] as number[], wall: [] as number[], answer: '' }, this: { cpu: [] as number[], wall: [] as number[], answer: '' } };
for (let round = 0; round < Number(roundsText); round++) {
  // Alternate who goes first, so neither always runs after the other's garbage.
  for (const side of round % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const)) {
    const budget = new SearchBudget({ deadline: performance.now() + 120_000 });
    const cpuStarted = cpuSeconds();
    const started = performance.now();
    const routes = sides[side](view, from, { asOf, flags, maxHops: 6, k: 3, budget });
    const wall = performance.now() - started;
    const cpu = cpuSeconds() - cpuStarted;
    // The first round warms both up (relationship ids, hub indexes) and gives the answers to compare.
    if (round === 0) results[side].answer = `${routes.length} routes, sha256 ${createHash('sha256').update(JSON.stringify(routes)).digest('hex').slice(0, 16)}${budget.exhausted ? ', cut' : ''}`;
    else {
      results[side].cpu.push(cpu);
      results[side].wall.push(wall);
    }
  }
}
const summary = (side: keyof typeof results) => ({ answer: results[side].answer, cpuSeconds: summarise(results[side].cpu), wallMs: summarise(results[side].wall) });
// Stolen time slows both sides alike (they alternate), but a large share makes every figure noisier.
printResult({ from, other, sameAnswer: results.other.answer === results.this.answer, otherSide: summary('other'), thisSide: summary('this'), stolenShare: stolen() });
