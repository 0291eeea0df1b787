// `enduse validate`: checks datasets and reports every problem, loading nothing.
// What the command does, imported only when it runs; validate.ts declares its options and help.
import { compactStateFromFiles } from '../../load/stream-datasets.ts';
import { dataOption, formatOption } from '../options.ts';
import { loadProgressBar } from '../load-progress.ts';
import type { Output } from '../output.ts';

export async function runValidate(options: { data?: string[]; format?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  // The streaming reader: the same rules and problems as readDatasets, fast at millions of rows.
  const bar = await loadProgressBar(output.progressStream);
  const state = await compactStateFromFiles(dataOption(options.data), { onProgress: (progress) => bar.update(progress) }).finally(() => bar.stop());
  const counts = { entities: state.entities.count, relationships: state.graph.edgeCount, listings: state.listings.length, jurisdictions: state.jurisdictions.length };
  if (format === 'json') output.json({ valid: true, counts });
  else output.line(`valid: ${counts.entities} entities, ${counts.relationships} relationships, ${counts.listings} listings, ${counts.jurisdictions} jurisdiction flag periods (with reference data)`);
}

