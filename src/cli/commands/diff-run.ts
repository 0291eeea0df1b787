// `enduse diff`: flags and flagged routes from an entity that changed between two dates or two datasets.
// What the command does, imported only when it runs; diff.ts declares its options and help.
import { whatChanged, type ChangeEvidence, type Diff } from '../../analysis/diff.ts';
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { asOfOption, formatOption, positiveIntegerOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeReason } from '../describe.ts';
import type { Output } from '../output.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';
import type { DiffCliOptions } from './diff.ts';

export async function runDiff(options: DiffCliOptions, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const regime = regimeOption(options.regime);
  const maxHops = positiveIntegerOption(options.maxHops, '--max-hops', DEFAULT_MAX_HOPS, MAX_HOPS_CAP);
  if (options.from === undefined) throw missing('--from', 'give the id of the entity the goods start from');
  const sides = await openSides(options);
  const diff = whatChanged(sides.before, sides.after, options.from, { product: options.product, maxHops, regime });
  const document = { from: diff.from, before: sides.labels.before, after: sides.labels.after, regime, flags: diff.flags, routes: diff.routes };
  if (format === 'json') output.json(document);
  else output.line(formatDiffText(document));
}

async function openSides(options: DiffCliOptions) {
  const twoDatasets = options.dataBefore !== undefined || options.dataAfter !== undefined;
  if (twoDatasets) {
    if (options.data !== undefined) throw conflict('--data', 'give either --data with --before/--after, or --data-before with --data-after');
    for (const flag of ['--before', '--after'] as const) {
      if (options[flag === '--before' ? 'before' : 'after'] !== undefined) throw conflict(flag, 'with --data-before/--data-after give one date with --as-of');
    }
    if (options.dataBefore === undefined) throw missing('--data-before', 'give the earlier dataset to compare with --data-after');
    if (options.dataAfter === undefined) throw missing('--data-after', 'give the later dataset to compare with --data-before');
    const asOf = asOfOption(options.asOf);
    const [before, after] = [await openView(options.dataBefore), await openView(options.dataAfter)];
    return { before: { view: before, asOf }, after: { view: after, asOf }, labels: { before: { asOf, data: options.dataBefore }, after: { asOf, data: options.dataAfter } } };
  }
  if (options.asOf !== undefined) throw conflict('--as-of', 'with --data give the two dates with --before and --after');
  if (options.before === undefined) throw missing('--before', 'give the earlier date, YYYY-MM-DD (or compare two datasets with --data-before/--data-after)');
  if (options.after === undefined) throw missing('--after', 'give the later date, YYYY-MM-DD');
  const beforeDay = asOfOption(options.before, '--before');
  const afterDay = asOfOption(options.after, '--after');
  const view = await openView(options);
  return { before: { view, asOf: beforeDay }, after: { view, asOf: afterDay }, labels: { before: { asOf: beforeDay }, after: { asOf: afterDay } } };
}

function missing(flag: string, message: string): InvalidInputError {
  return new InvalidInputError(`missing ${flag}`, [{ field: flag, message: `is required; ${message}` }]);
}

function conflict(flag: string, message: string): InvalidInputError {
  return new InvalidInputError(`${flag} does not fit here`, [{ field: flag, message }]);
}

type DiffDocument = Omit<Diff, 'from'> & { from: string; before: { asOf: string; data?: string[] }; after: { asOf: string; data?: string[] } };

export function formatDiffText(document: DiffDocument): string {
  const side = (label: { asOf: string; data?: string[] }) => (label.data ? `${label.data.join(' + ')} as of ${label.asOf}` : label.asOf);
  const lines = [`What changed from ${document.from}: ${side(document.before)} → ${side(document.after)}`];
  const { flags, routes } = document;
  lines.push('', `Routes: ${routes.appeared.length} appeared, ${routes.disappeared.length} disappeared, ${routes.changed.length} changed`);
  for (const route of routes.appeared) lines.push(`  + ${route.path.join(' → ')}`, ...route.why.map(describeEvidence));
  for (const route of routes.disappeared) lines.push(`  - ${route.path.join(' → ')}`, ...route.why.map(describeEvidence));
  for (const route of routes.changed) lines.push(`  ~ ${route.target}: ${route.before.path.join(' → ')}  ⇒  ${route.after.path.join(' → ')}`, ...route.why.map(describeEvidence));
  lines.push('', `Flags: ${flags.added.length} added, ${flags.removed.length} removed, ${flags.changed.length} changed`);
  for (const flag of flags.added) lines.push(`  + ${flag.name} [${flag.id}]`, ...flag.why.map(describeEvidence));
  for (const flag of flags.removed) lines.push(`  - ${flag.name} [${flag.id}]`, ...flag.why.map(describeEvidence));
  for (const flag of flags.changed) lines.push(`  ~ ${flag.name} [${flag.id}]`, ...flag.why.map(describeEvidence));
  return lines.join('\n');
}

function describeEvidence(evidence: ChangeEvidence): string {
  const edge = (relationship: { source: string; target: string; type: string; start?: string; end?: string; source_ref?: string }) =>
    `${relationship.source} → ${relationship.target} ${relationship.type} window ${relationship.start ?? '…'}..${relationship.end ?? '…'}${relationship.source_ref ? ` [source: ${relationship.source_ref}]` : ''}`;
  switch (evidence.event) {
    case 'flag_started':
    case 'flag_ended':
      return `      ${evidence.event.replaceAll('_', ' ')} (${evidence.kind}, ${evidence.cause === 'data' ? 'data changed' : 'period in force changed'}) for ${evidence.entity}: ${describeReason(evidence.reason)}`;
    case 'intermediary_flagged':
    case 'intermediary_unflagged':
      return `      ${evidence.event.replaceAll('_', ' ')} ${evidence.entity}: ${evidence.reasons.map((reason) => describeReason(reason)).join('; ')}`;
    case 'edge_changed':
      return `      edge changed: ${edge(evidence.before)}  ⇒  ${edge(evidence.after)}`;
    default:
      return `      ${evidence.event.replaceAll('_', ' ')}: ${edge(evidence.relationship)}`;
  }
}
