// `enduse match`: proposes same-entity pairs across datasets, scored, with the evidence.
// What the command does, imported only when it runs; match.ts declares its options and help.
import { InvalidInputError } from '../../domain/errors.ts';
import { readReference } from '../../load/load-datasets.ts';
import { readJudgements } from '../../resolve/judgements.ts';
import { proposeMatches, type MatchProposal } from '../../resolve/propose-matches.ts';
import { readSources } from '../../resolve/read-sources.ts';
import type { Evidence } from '../../resolve/score-pair.ts';
import { formatOption, positiveIntegerOption } from '../options.ts';
import { unwrappedLine, type Output } from '../output.ts';

export function runMatch(options: { data?: string[]; judgements?: string; threshold?: string; limit?: string; format?: string }, output: Output): void {
  const format = options.format === 'jsonl' ? 'jsonl' : formatOption(options.format);
  if (options.data === undefined || options.data.length < 2) throw new InvalidInputError('match needs two datasets', [{ field: '--data', message: 'give at least two --data paths; pairs are proposed across them' }]);
  const threshold = thresholdOption(options.threshold);
  const limit = positiveIntegerOption(options.limit, '--limit', 100, 1_000_000);
  const sources = readSources(options.data, readReference().lists);
  const proposals = proposeMatches(sources.map((source) => source.dataset.entities), { threshold, judgements: readJudgements(options.judgements) });
  const shown = proposals.slice(0, limit);
  if (format === 'json') output.json({ threshold, total: proposals.length, proposals: shown });
  else if (format === 'jsonl') for (const proposal of shown) unwrappedLine(output, JSON.stringify({ left: proposal.left.id, right: proposal.right.id, decision: '', note: `score ${proposal.score}: ${proposal.evidence.map(describeEvidence).join('; ')}` }));
  else printProposals(proposals.length, shown, options.data, output);
}


function thresholdOption(value: string | undefined): number {
  if (value === undefined) return 0.85;
  const number = Number(value);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value.trim()) || Number.isNaN(number)) {
    throw new InvalidInputError('bad value for --threshold', [{ field: '--threshold', message: `'${value}' is not a score; give a number from 0 to 1, e.g. 0.9` }]);
  }
  return number;
}

function printProposals(total: number, proposals: readonly MatchProposal[], paths: readonly string[], output: Output): void {
  output.line(`${total} proposed pair${total === 1 ? '' : 's'}${total > proposals.length ? ` (showing ${proposals.length})` : ''}`);
  for (const proposal of proposals) {
    output.line('');
    output.line(`${proposal.score.toFixed(3)}  ${proposal.left.id} "${proposal.left.name}" (${paths[proposal.left.source]})  =  ${proposal.right.id} "${proposal.right.name}" (${paths[proposal.right.source]})`);
    for (const evidence of proposal.evidence) output.line(`       - ${describeEvidence(evidence)}`);
  }
  if (proposals.length > 0) output.line('\nrecord decisions as JSON lines {"left":…,"right":…,"decision":"accept"|"reject"} and pass --judgements; --format jsonl writes templates');
}

export function describeEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'shared_identifier':
      return `shared identifier ${evidence.identifier}`;
    case 'same_name':
      return `same normalised name${evidence.viaAlias ? ' (via an alias)' : ''}: '${evidence.left}'`;
    case 'similar_name':
      return `similar names '${evidence.left}' ~ '${evidence.right}' (${evidence.similarity})`;
    case 'country':
      return evidence.same ? `same country ${evidence.left}` : `countries differ: ${evidence.left} vs ${evidence.right}`;
  }
}
