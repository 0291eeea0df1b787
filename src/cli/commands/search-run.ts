// `enduse search`: find entities by name, alias or id, tolerant of typos and other scripts.
// What the command does, imported only when it runs; search.ts declares its options and help.
import { searchEntities } from '../../analysis/entity-search.ts';
import { flaggedEntities } from '../../analysis/flags.ts';
import { asOfOption, formatOption, positiveIntegerOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import type { Output } from '../output.ts';
import { textTable } from '../text-table.ts';

export async function runSearch(text: string, options: { data?: string[]; asOf?: string; limit?: string; format?: string; regime?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  const regime = regimeOption(options.regime);
  const limit = positiveIntegerOption(options.limit, '--limit', 20, 1000);
  const view = await openView(options);
  const { hits, didYouMean, complete } = searchEntities(view, text);
  const flags = flaggedEntities(view, asOf, undefined, { regime });
  const shown = hits.slice(0, limit);
  if (format === 'json') {
    output.json({ query: text, asOf, regime, total: hits.length, complete, didYouMean, hits: shown.map((hit) => ({ ...hit, flagged: flags.has(hit.entity.id) })) });
    return;
  }
  if (hits.length === 0) {
    output.line(`No entity matches '${text}'.`);
    return;
  }
  if (didYouMean !== null) output.line(`Nothing matches '${text}' as written. Did you mean '${didYouMean}'?`);
  output.line(
    textTable([
      ['id', 'name', 'kind', 'country', 'matched', 'flagged'],
      ...shown.map((hit) => [hit.entity.id, hit.entity.name, hit.entity.kind, hit.entity.country ?? '', hit.matched === 'name' ? 'name' : `${hit.matched} '${hit.text}'`, flags.has(hit.entity.id) ? `yes, as of ${asOf}` : '']),
    ]),
  );
  const left = hits.length - shown.length;
  if (left > 0 || !complete) output.line(`… ${complete ? `and ${left} more (raise --limit)` : 'and more: the text is short or common; type more of it'}`);
}

