// The judgements file: a reviewer's accept/reject decisions on proposed pairs, as JSON lines
// (`{"left":"ofac-36","right":"NK-x","decision":"reject","note":"different airline"}`) or CSV
// with the columns left,right,decision,note. The file is the record that makes merges reversible.
import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import { readInputFile } from '../load/input-file.ts';

export const judgementSchema = z.object({
  left: z.string().trim().min(1, 'must name an entity id'),
  right: z.string().trim().min(1, 'must name an entity id'),
  decision: z.enum(['accept', 'reject']),
  note: z.string().optional(),
});
export type Judgement = z.infer<typeof judgementSchema>;

/** Order-free key of a pair of ids. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * Reads a judgements file; a missing file is an empty record (the first review starts one).
 * A later line about the same pair overrides an earlier one, so decisions can be revised.
 *
 * @example readJudgements('judgements.jsonl').get(pairKey('ofac-36', 'NK-x'))?.decision // 'reject'
 */
export function readJudgements(file: string | undefined): Map<string, Judgement> {
  const judgements = new Map<string, Judgement>();
  if (file === undefined || !existsSync(file)) return judgements;
  const read = readInputFile(file);
  if (!read.ok) throw new InvalidInputError('judgements not read', [read.problem]);
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const problems: Problem[] = [];
  const rows: { line: number; value: unknown }[] = [];
  if (/\.csv$/i.test(file)) {
    const records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
    for (const { record, info } of records) rows.push({ line: info.lines, value: { ...record, note: record.note === '' ? undefined : record.note } });
  } else {
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        rows.push({ line: index + 1, value: JSON.parse(line) });
      } catch (error) {
        problems.push({ file, line: index + 1, message: `is not JSON: ${(error as Error).message}` });
      }
    });
  }
  for (const { line, value } of rows) {
    const parsed = judgementSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file, line, field: issue.path.join('.'), message: issue.message === 'Invalid option: expected one of "accept"|"reject"' ? 'must be accept or reject' : issue.message });
      continue;
    }
    judgements.set(pairKey(parsed.data.left, parsed.data.right), parsed.data);
  }
  if (problems.length > 0) throw new InvalidInputError('the judgements file is invalid', problems);
  return judgements;
}
