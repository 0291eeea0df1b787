// The SHA-256 of every file a snapshot was built from, recorded in its header: which data a
// snapshot holds can be checked against the files (and a server can tell whether its snapshot is
// still the one its datasets give).
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SnapshotInputs } from './snapshot-layout.ts';

/**
 * Each path with its files' sizes and digests: a folder's files (not its subfolders), by name.
 * @example await inputDigests(['data/cases/blue-coat-syria']) // [{ path: '/…/blue-coat-syria', files: [{ path: 'entities.csv', … }] }]
 */
export async function inputDigests(paths: readonly string[]): Promise<SnapshotInputs> {
  const inputs: SnapshotInputs = [];
  for (const path of paths) {
    const full = resolve(path);
    const names = statSync(full).isDirectory() ? readdirSync(full).filter((name) => statSync(join(full, name)).isFile()).sort() : [undefined];
    const files = [];
    for (const name of names) {
      const file = name === undefined ? full : join(full, name);
      files.push({ path: name ?? full, bytes: statSync(file).size, sha256: await fileDigest(file) });
    }
    inputs.push({ path: full, files });
  }
  return inputs;
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
