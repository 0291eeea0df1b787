// Large answers are written item by item, byte for byte what JSON.stringify(value, null, 2) gives.
import { describe, expect, it } from 'vitest';
import { BatchedWriter, writeJsonWithList } from '../../src/cli/streamed-output.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { seededRandom } from '../support/random.ts';

function captured(): { output: { write(text: string): void }; pieces: string[] } {
  const pieces: string[] = [];
  return { output: { write: (text) => pieces.push(text) }, pieces };
}

/** A random JSON value: nested objects and arrays, awkward strings (line breaks, quotes, non-Latin text), numbers, null. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 4 : 6));
  if (pick === 0) return ['plain', 'two\nlines', 'a "quoted" \\ back', 'Ωμέγα → 東京', '', '\u2028'][Math.floor(random() * 6)];
  if (pick === 1) return Math.floor(random() * 2000) - 1000 + (random() < 0.5 ? 0.25 : 0);
  if (pick === 2) return random() < 0.5 ? null : random() < 0.5;
  if (pick === 3) return undefined;
  if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, index) => [`field ${index}`, randomValue(random, depth + 1)]));
}

describe('streamed JSON output', () => {
  it('writes exactly what JSON.stringify(value, null, 2) and a newline give, on 300 random answers', () => {
    const random = seededRandom(17);
    for (let run = 0; run < 300; run++) {
      const head = { from: 'a', count: run, nested: randomValue(random, 1), gone: undefined };
      const items = Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, 0)).map((item) => item ?? null);
      const tail = run % 2 === 0 ? {} : { truncated: random() < 0.5, more: randomValue(random, 1) };
      const { output, pieces } = captured();
      writeJsonWithList(output, head, 'routes', items, tail);
      expect(pieces.join('')).toBe(`${JSON.stringify({ ...head, routes: items, ...tail }, null, 2)}\n`);
    }
  });

  it('hands a long list to the output in several pieces, never as one string', () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ target: `t-${index}`, path: ['a', 'b', `t-${index}`] }));
    const { output, pieces } = captured();
    writeJsonWithList(output, { from: 'a' }, 'routes', items);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200_000);
    expect(JSON.parse(pieces.join(''))).toEqual({ from: 'a', routes: items });
  });

  it('batches lines of text and writes what is left on flush', () => {
    const { output, pieces } = captured();
    const writer = new BatchedWriter(output);
    writer.line('one');
    expect(pieces).toEqual([]);
    writer.line('two');
    writer.flush();
    expect(pieces).toEqual(['one\ntwo\n']);
  });

  it('routes and exposure print the same JSON, streamed, as the answer they stream', async () => {
    const routes = await runCliCaptured(['routes', '--data', 'data/cases/blue-coat-syria', '--from', 'bluecoat', '--as-of', '2011-06-30', '--format', 'json']);
    expect(routes.code).toBe(0);
    const parsed = JSON.parse(routes.stdout);
    expect(routes.stdout).toBe(JSON.stringify(parsed, null, 2));
    expect(parsed.routes.length).toBeGreaterThan(0);
    const exposure = await runCliCaptured(['exposure', '--data', 'data/cases/blue-coat-syria', '--from', 'bluecoat', '--as-of', '2011-06-30', '--format', 'json', '--limit', '1']);
    expect(exposure.code).toBe(0);
    const exposed = JSON.parse(exposure.stdout);
    expect(exposure.stdout).toBe(JSON.stringify(exposed, null, 2));
    expect(Object.keys(exposed)).toEqual(['from', 'asOf', 'maxHops', 'product', 'reachable', 'byJurisdiction', 'byReason', 'flagged', 'filters', 'more']);
  });
});
