// Large answers written piece by piece. At ten million entities one source's flagged routes,
// each with its evidence, made a JSON string larger than Node's heap could hold
// (JSON.stringify ran out of memory after the search had finished). Here each list item is
// turned into text on its own and written in batches, so no answer is ever one string.
import type { Output } from './output.ts';

/** Text is handed to the output in pieces of about this many characters (few writes, little held). */
const BATCH_CHARS = 1 << 16;

/**
 * Collects text and hands it to `output.write` in batches.
 *
 * @example const writer = new BatchedWriter(output); writer.line('one'); writer.flush();
 */
export class BatchedWriter {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly output: Pick<Output, 'write'>) {}

  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) this.flush();
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.output.write(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}

/**
 * Writes `{ ...head, [key]: [...items], ...tail }` exactly as `JSON.stringify(value, null, 2)`
 * followed by a newline writes it (what `output.json` prints), one item at a time.
 *
 * @example writeJsonWithList(output, { from: 'a' }, 'routes', routes, { truncated: false })
 */
export function writeJsonWithList(output: Pick<Output, 'write'>, head: Record<string, unknown>, key: string, items: Iterable<unknown>, tail: Record<string, unknown> = {}): void {
  const writer = new BatchedWriter(output);
  const fields = [...fieldLines(head), `  ${JSON.stringify(key)}: `];
  writer.write(`{\n${fields.join(',\n')}`);
  let first = true;
  for (const item of items) {
    // JSON text never holds a raw line break (strings escape theirs), so indenting after each is safe.
    writer.write(`${first ? '[\n' : ',\n'}    ${JSON.stringify(item ?? null, null, 2).replaceAll('\n', '\n    ')}`);
    first = false;
  }
  writer.write(first ? '[]' : '\n  ]');
  for (const line of fieldLines(tail)) writer.write(`,\n${line}`);
  writer.write('\n}\n');
  writer.flush();
}

/** `  "name": value` for each field JSON.stringify keeps (undefined values and functions are left out, as it leaves them). */
function fieldLines(fields: Record<string, unknown>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => {
    const text = JSON.stringify(value, null, 2) as string | undefined;
    return text === undefined ? [] : [`  ${JSON.stringify(name)}: ${text.replaceAll('\n', '\n  ')}`];
  });
}
