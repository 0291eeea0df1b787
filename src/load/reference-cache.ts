// The shipped reference data as `npm run build` validated it, kept in dist/reference-cache.json so
// a command start need not parse and check the same four CSV files again (about half of `enduse
// routes` on a shipped case). The cache is used only for files whose bytes are the ones it was
// made from (a SHA-256 of all four): an edited file is read and validated again, never answered
// from the cache. A cache that is unreadable, truncated or altered is ignored the same way.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FreeTradeZone } from '../domain/red-flags.ts';
import type { JurisdictionFlagPeriod, ListDefinition } from '../domain/schema.ts';
import type { OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import { packageFile, RUNS_FROM_SOURCES } from '../settings/package-files.ts';
import { REFERENCE_FILES } from './reference-files.ts';

/** Where `npm run build` writes the cache; only the build in dist/ reads it. */
export const REFERENCE_CACHE_FILE = packageFile('dist', 'reference-cache.json');

/** Raised when the layout of the cache changes, so an older cache is ignored. */
const CACHE_FORMAT = 1;

/** Every validated row of a reference folder, in file order. */
export interface ReferenceSnapshot {
  lists: ListDefinition[];
  jurisdictions: JurisdictionFlagPeriod[];
  ownershipRules: OwnershipRulePeriod[];
  freeTradeZones: FreeTradeZone[];
}

interface CacheHeader {
  format: number;
  /** referenceDigest of the folder the rows were read from. */
  sourceDigest: string;
  /** SHA-256 of the second line (the rows), so a damaged cache is noticed. */
  rowsDigest: string;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** SHA-256 over the names and bytes of the reference files in `directory` (an absent file counts as absent). */
export function referenceDigest(directory: string): string {
  const hash = createHash('sha256');
  for (const name of REFERENCE_FILES) {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(join(directory, name));
    } catch {
      bytes = undefined;
    }
    hash.update(`${name}\0${bytes === undefined ? 'absent' : bytes.length}\0`);
    if (bytes !== undefined) hash.update(bytes);
  }
  return hash.digest('hex');
}

/** The cache's text: a header line, then the rows as one line of JSON. */
export function encodeReferenceCache(snapshot: ReferenceSnapshot, sourceDigest: string): string {
  const rows = JSON.stringify(snapshot);
  const header: CacheHeader = { format: CACHE_FORMAT, sourceDigest, rowsDigest: sha256(rows) };
  return `${JSON.stringify(header)}\n${rows}\n`;
}

/** The snapshot in `text` when it is whole and was made from files of `sourceDigest`; else undefined. */
export function decodeReferenceCache(text: string, sourceDigest: string): ReferenceSnapshot | undefined {
  const [headerLine, rows, rest] = text.split('\n');
  if (headerLine === undefined || rows === undefined || (rest !== undefined && rest !== '')) return undefined;
  try {
    const header = JSON.parse(headerLine) as Partial<CacheHeader>;
    if (header.format !== CACHE_FORMAT || header.sourceDigest !== sourceDigest || header.rowsDigest !== sha256(rows)) return undefined;
    const snapshot = JSON.parse(rows) as Partial<ReferenceSnapshot>;
    const parts = [snapshot.lists, snapshot.jurisdictions, snapshot.ownershipRules, snapshot.freeTradeZones];
    return parts.every(Array.isArray) ? (snapshot as ReferenceSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

/** The cache file's text, read once per process (undefined when there is none). */
const cacheTexts = new Map<string, string | undefined>();

function cacheText(cacheFile: string): string | undefined {
  if (!cacheTexts.has(cacheFile)) {
    let text: string | undefined;
    try {
      text = readFileSync(cacheFile, 'utf8');
    } catch {
      text = undefined;
    }
    cacheTexts.set(cacheFile, text);
  }
  return cacheTexts.get(cacheFile);
}

/**
 * The validated rows of the reference folder `directory` from the cache, when the cache holds
 * exactly its files' bytes; undefined otherwise (read and validate the files then). Each call
 * returns rows of its own, so no caller sees what another changed. The sources (tsx) use no
 * cache unless given one: their schemas may be newer than the build that wrote it.
 */
export function cachedReference(directory: string, cacheFile: string | undefined = RUNS_FROM_SOURCES ? undefined : REFERENCE_CACHE_FILE): ReferenceSnapshot | undefined {
  if (cacheFile === undefined) return undefined;
  const text = cacheText(cacheFile);
  return text === undefined ? undefined : decodeReferenceCache(text, referenceDigest(directory));
}

/** Forgets the cache files read so far (tests that rewrite one). */
export function forgetReferenceCacheReads(): void {
  cacheTexts.clear();
}
