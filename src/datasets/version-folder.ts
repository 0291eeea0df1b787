// Dataset versions on disk: one file per accepted version in `<data folder>/datasets/`, written to
// a temporary file, flushed to disk and then linked into place, so a crash at any moment leaves
// either the whole file or none of it. A file that does not check out is reported, never half-read.
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { datasetVersionSchema, type DatasetVersion } from './dataset-version.ts';

const FORMAT = 'enduse-dataset-version/1';
const VERSION_FILE = /^\d{8}\.jsonl$/;
const TEMPORARY_FILE = /\.tmp$/;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  manifest: datasetVersionSchema,
  content: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }),
});

/** A version read back: its manifest and its rows in the JSON dataset shape. */
export interface StoredVersion {
  file: string;
  manifest: DatasetVersion;
  content: unknown;
}

export interface FolderContents {
  /** Whole versions, in load order. */
  versions: StoredVersion[];
  /** Files that are not whole versions: each with why, and left where they are. */
  damaged: { file: string; reason: string }[];
  /** Temporary files of writes that never completed (a crash mid-upload); removed. */
  leftovers: string[];
}

/**
 * The folder of dataset versions. One server per folder: versions are numbered by the process
 * that writes them (a second writer is refused by the no-overwrite link, not coordinated).
 *
 * @example await new VersionFolder('/home/me/.local/share/enduse').write(manifest, { entities: [...] })
 */
export class VersionFolder {
  readonly directory: string;

  constructor(dataFolder: string) {
    this.directory = join(dataFolder, 'datasets');
  }

  /** Writes one version durably and returns its file name; throws (leaving nothing behind) on failure. */
  async write(manifest: DatasetVersion, content: object): Promise<string> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const body = JSON.stringify(content);
    const header = { format: FORMAT, manifest, content: { sha256: sha256(body), bytes: Buffer.byteLength(body) } };
    const file = `${String(manifest.seq).padStart(8, '0')}.jsonl`;
    const temporary = join(this.directory, `.${file}.${process.pid}.${randomUUID()}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      try {
        await handle.writeFile(`${JSON.stringify(header)}\n${body}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      // link, not rename: it refuses to replace a version file that is already there.
      await link(temporary, join(this.directory, file));
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    await this.syncDirectory();
    return file;
  }

  /** Removes one version's file durably. */
  async remove(file: string): Promise<void> {
    await unlink(join(this.directory, file));
    await this.syncDirectory();
  }

  /** Every whole version in load order, the damaged files, and the temporary files removed. */
  async readAll(): Promise<FolderContents> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { versions: [], damaged: [], leftovers: [] };
      throw error;
    }
    const contents: FolderContents = { versions: [], damaged: [], leftovers: [] };
    for (const name of names.filter((each) => TEMPORARY_FILE.test(each)).sort()) {
      await unlink(join(this.directory, name));
      contents.leftovers.push(name);
    }
    for (const name of names.filter((each) => VERSION_FILE.test(each)).sort()) {
      const read = parseVersionFile(await readFile(join(this.directory, name), 'utf8'));
      if (read.ok) contents.versions.push({ file: name, manifest: read.manifest, content: read.content });
      else contents.damaged.push({ file: join(this.directory, name), reason: read.reason });
    }
    return contents;
  }

  private async syncDirectory(): Promise<void> {
    // The new name (or its removal) is itself data: flushed so a crash cannot lose it.
    const handle = await open(this.directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

type Parsed = { ok: true; manifest: DatasetVersion; content: unknown } | { ok: false; reason: string };

/** Checks a version file whole: its header, the length and digest of its rows, and that they are JSON. */
export function parseVersionFile(text: string): Parsed {
  const newline = text.indexOf('\n');
  if (newline < 0) return { ok: false, reason: 'has no header line' };
  let header: z.infer<typeof headerSchema>;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(text.slice(0, newline)));
    if (!parsed.success) return { ok: false, reason: `its header is not an enduse dataset version (${z.prettifyError(parsed.error).split('\n')[0]})` };
    header = parsed.data;
  } catch {
    return { ok: false, reason: 'its header is not JSON' };
  }
  if (!text.endsWith('\n')) return { ok: false, reason: 'is cut short (no final newline)' };
  const body = text.slice(newline + 1, -1);
  if (Buffer.byteLength(body) !== header.content.bytes) return { ok: false, reason: `holds ${Buffer.byteLength(body)} bytes of rows, its header says ${header.content.bytes}` };
  if (sha256(body) !== header.content.sha256) return { ok: false, reason: 'its rows do not match the digest in its header' };
  try {
    return { ok: true, manifest: header.manifest, content: JSON.parse(body) };
  } catch {
    return { ok: false, reason: 'its rows are not JSON' };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
