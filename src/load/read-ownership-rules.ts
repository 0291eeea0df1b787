// Reads and checks data/reference/ownership-rules.csv: every row valid, every list code known,
// the periods of one rule never overlapping, so that a date picks at most one period per rule.
import { SHIPPED_DATA_MAX_BYTES } from '../settings/input-limit.ts';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import { columnsOf } from '../domain/schema.ts';
import { ownershipRuleSchema, type OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import { REFERENCE_DIR, readReference } from './load-datasets.ts';
import { problemAt, type RawRow } from './raw-rows.ts';
import { readCsvFile } from './read-csv.ts';
import { parseRows } from './validate-dataset.ts';
import { appendAll } from '../domain/append-all.ts';
import { cachedReference } from './reference-cache.ts';
import { compareStrings } from '../domain/relationship-order.ts';

export const OWNERSHIP_RULES_FILE = join(REFERENCE_DIR, 'ownership-rules.csv');

/**
 * The rule periods of `file`, in file order. Throws InvalidInputError with every problem.
 *
 * @example readOwnershipRules().filter((period) => period.rule === 'BIS_AFFILIATES').length // 3
 */
export function readOwnershipRules(file: string = OWNERSHIP_RULES_FILE, listCodes: ReadonlySet<string> = new Set(readReference().lists.keys())): OwnershipRulePeriod[] {
  // The build's cache holds these rules valid against its own list codes; they hold here as well
  // when each list a rule names is among `listCodes`.
  const cached = basename(file) === 'ownership-rules.csv' ? cachedReference(dirname(file))?.ownershipRules : undefined;
  if (cached?.every((period) => period.lists.every((code) => listCodes.has(code)))) return cached;
  const problems: Problem[] = [];
  const read = readCsvFile(file, columnsOf(ownershipRuleSchema), SHIPPED_DATA_MAX_BYTES);
  appendAll(problems, read.problems);
  const parsed = parseRows(read.rows, ownershipRuleSchema, problems) as [OwnershipRulePeriod, RawRow][];
  for (const [period, row] of parsed) {
    for (const code of period.lists) {
      if (!listCodes.has(code)) problems.push(problemAt(row, 'lists', `unknown list code '${code}'; add it to data/reference/lists.csv first`));
    }
    if (period.from !== undefined && period.to !== undefined && period.from > period.to) problems.push(problemAt(row, 'to', `to ${period.to} is before from ${period.from}`));
    if (period.reason === 'OWNED_50_BY_BLOCKED' && period.controls) problems.push(problemAt(row, 'controls', 'OWNED_50_BY_BLOCKED is an ownership-only reason; use OWNED_OR_CONTROLLED_BY_LISTED when control counts'));
  }
  checkNoOverlap(parsed, problems);
  if (problems.length > 0) throw new InvalidInputError(`ownership rules in ${file} are invalid`, problems);
  return parsed.map(([period]) => period);
}

let shipped: readonly OwnershipRulePeriod[] | undefined;

/** The shipped rules, read once per process. */
export function shippedOwnershipRules(): readonly OwnershipRulePeriod[] {
  shipped ??= readOwnershipRules();
  return shipped;
}

function checkNoOverlap(parsed: [OwnershipRulePeriod, RawRow][], problems: Problem[]): void {
  const byRule = new Map<string, [OwnershipRulePeriod, RawRow][]>();
  for (const entry of parsed) byRule.set(entry[0].rule, [...(byRule.get(entry[0].rule) ?? []), entry]);
  for (const periods of byRule.values()) {
    // Days as YYYY-MM-DD order by their characters; localeCompare would load ICU's collation
    // tables (tens of milliseconds of every command start) to order nine dates.
    periods.sort(([a], [b]) => compareStrings(a.from ?? '', b.from ?? ''));
    for (let index = 1; index < periods.length; index++) {
      const [previous] = periods[index - 1]!;
      const [current, row] = periods[index]!;
      if (previous.to === undefined || current.from === undefined || current.from <= previous.to) {
        problems.push(problemAt(row, 'from', `period of rule ${current.rule} overlaps the one from ${previous.from ?? 'the beginning'}; close the earlier period before this one starts`));
      }
    }
  }
}
