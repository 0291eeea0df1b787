// The founding cases shipped in data/cases, each described by its case.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import { parseDay } from '../domain/dates.ts';
import { DATA_DIR } from '../load/load-datasets.ts';

export const CASES_DIR = join(DATA_DIR, 'cases');

const caseSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  asOf: z.string().refine((value) => parseDay(value) !== undefined, { message: 'must be a date YYYY-MM-DD' }),
  sources: z.array(z.string().min(1)).min(1),
  summary: z.string().optional(),
});

export type ShippedCase = z.infer<typeof caseSchema> & { directory: string };

/** Every case folder under `directory` with a case.json, in name order. */
export function shippedCases(directory: string = CASES_DIR): ShippedCase[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'case.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => readCase(join(directory, name)));
}

function readCase(directory: string): ShippedCase {
  const file = join(directory, 'case.json');
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`cannot read ${file}`, [{ file, message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = caseSchema.safeParse(document);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid ${file}`, parsed.error.issues.map((issue) => ({ file, field: issue.path.join('.'), message: issue.message })));
  }
  return { ...parsed.data, directory };
}
