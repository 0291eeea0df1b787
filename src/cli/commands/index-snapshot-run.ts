// `enduse index`: reads datasets once and writes their compact index as one snapshot file, which
// `--data FILE.enduse` and `serve` then read back in seconds instead of parsing the files again.
// What the command does, imported only when it runs; index-snapshot.ts declares its options and help.
import { InvalidInputError } from '../../domain/errors.ts';
import { inputDigests } from '../../snapshot/input-digests.ts';
import { SNAPSHOT_EXTENSION } from '../../snapshot/snapshot-layout.ts';
import { writeSnapshot } from '../../snapshot/write-snapshot.ts';
import { compactStateOfPaths } from '../open-view.ts';
import { dataOption, formatOption } from '../options.ts';
import type { Output } from '../output.ts';
import { packageVersion } from '../package-version.ts';

export async function runIndex(options: { data?: string[]; out?: string; format?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const paths = dataOption(options.data);
  if (options.out === undefined || !options.out.endsWith(SNAPSHOT_EXTENSION) || options.out === SNAPSHOT_EXTENSION) {
    throw new InvalidInputError('bad value for --out', [{ field: '--out', message: `${options.out === undefined ? 'is required' : `'${options.out}' does not end in ${SNAPSHOT_EXTENSION}`}; give the snapshot file to write, for example --out big${SNAPSHOT_EXTENSION}` }]);
  }
  const started = performance.now();
  const state = await compactStateOfPaths(paths);
  const written = writeSnapshot(state, options.out, { inputs: await inputDigests(paths), writtenBy: packageVersion() });
  const seconds = (performance.now() - started) / 1000;
  if (format === 'json') output.json({ ...written, seconds: Math.round(seconds * 10) / 10 });
  else {
    const { counts } = written;
    output.line(`wrote ${written.path} (${(written.bytes / 1e6).toFixed(1)} MB, sha256 ${written.sha256.slice(0, 16)}…): ${counts.entities} entities, ${counts.relationships} relationships, ${counts.listings} listings, ${counts.jurisdictions} jurisdiction flag periods, in ${seconds.toFixed(1)} s`);
    output.line(`read it with --data ${written.path} (any command on the embedded store, and serve)`);
  }
}

