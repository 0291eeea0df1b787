// The audit log: one JSON line per write attempt (who, when, which dataset, counts, outcome),
// appended to a file opened for appending only, so an entry once written is never rewritten.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { entitySchema, jurisdictionSchema, listingSchema, relationshipSchema, type Dataset } from '../domain/schema.ts';
import { dataFolder } from '../settings/data-folder.ts';
import { STORE_BACKENDS } from '../store/graph-store.ts';

export const AUDIT_OUTCOMES = ['loaded', 'removed', 'checked', 'rejected', 'failed'] as const;
/** What a write did or tried to do. */
export const AUDIT_ACTIONS = ['load', 'delete', 'check'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const counts = z.object({ entities: z.number().int(), relationships: z.number().int(), listings: z.number().int(), jurisdictions: z.number().int() });

export const auditEntrySchema = z.object({
  at: z.string().describe('ISO 8601 time the outcome was known'),
  who: z.string().describe('the API key name, or cli:<user> for the command line; never a key'),
  via: z.enum(['api', 'cli']),
  action: z.enum(AUDIT_ACTIONS).describe('load: a dataset loaded; delete: a dataset version removed; check: a dataset validated without loading (POST /api/datasets/check)'),
  backend: z.enum(STORE_BACKENDS),
  dataset: z
    .object({ sha256: z.string().describe('digest of the dataset as validated, or of the request body bytes as received when it was rejected'), ...counts.partial().shape })
    .optional()
    .describe('absent when the request was refused before its body was read (401, 403, 413, 429)'),
  outcome: z.enum(AUDIT_OUTCOMES),
  status: z.number().int().optional().describe('the HTTP status a refused request was answered with (400, 401, 403, 413, 429)'),
  request: z.string().optional().describe('method and path of a refused request, without its query string'),
  written: counts.partial().optional().describe('rows written (loaded) or committed before the failure'),
  message: z.string().optional().describe('why it was rejected or failed (first line)'),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Where the log goes without ENDUSE_AUDIT_LOG: `audit.jsonl` in the data folder (never the temp folder). */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataFolder(env), 'audit.jsonl');
}

// O_NOFOLLOW: a symbolic link planted where the log goes is refused (ELOOP), not followed to a file
// of the attacker's choosing. O_NONBLOCK: a FIFO planted there fails at once instead of hanging.
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Opens the log file itself, never a link, a device or a FIFO in its place. */
async function openLogFile(path: string, flags: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`the audit log ${path} is a symbolic link; enduse does not follow links there. Remove it or set ENDUSE_AUDIT_LOG to a regular file`);
    throw error;
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new Error(`the audit log ${path} is not a regular file; set ENDUSE_AUDIT_LOG to a regular file`);
  }
  return handle;
}

/**
 * An append-only JSON-lines file. `record` appends one line (O_APPEND: the OS puts every write at
 * the end, whatever else wrote); `entries` reads them back, newest first. Nothing here rewrites or
 * truncates the file, and neither follows a symbolic link in the log's place.
 *
 * @example await new AuditLog('/var/log/enduse/audit.jsonl').record({ who: 'ci', via: 'api', … })
 */
export class AuditLog {
  // Appends of one process are chained, so lines keep the order of the outcomes.
  private pending: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Appends one entry (its `at` filled in when absent); resolves once it is on disk. */
  record(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    const line = `${JSON.stringify(auditEntrySchema.parse({ at: new Date().toISOString(), ...entry }))}\n`;
    const append = this.pending.then(async () => {
      // Only the owner may list the folder or read the log (created 0700 and 0600).
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const handle = await openLogFile(this.path, APPEND_FLAGS);
      try {
        await handle.appendFile(line, 'utf8');
      } finally {
        await handle.close();
      }
    });
    this.pending = append.catch(() => undefined);
    return append;
  }

  /** The entries, newest first, at most `limit`; a line that does not parse is skipped. */
  async entries(limit = Infinity): Promise<{ entries: AuditEntry[]; total: number }> {
    await this.pending;
    let handle: FileHandle;
    try {
      handle = await openLogFile(this.path, READ_FLAGS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], total: 0 };
      throw error;
    }
    const text = await handle.readFile('utf8').finally(() => handle.close());
    const all = text.split('\n').flatMap((line) => {
      if (line.trim() === '') return [];
      const parsed = auditEntrySchema.safeParse(safeJson(line));
      return parsed.success ? [parsed.data] : [];
    });
    return { entries: all.reverse().slice(0, limit), total: all.length };
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // A torn or foreign line is not an entry; the schema check drops it.
    return undefined;
  }
}

/**
 * A digest naming a validated dataset: SHA-256 of its four collections as JSON, in load order,
 * each row's fields in the schema's order (digestedRow), so a load that streams the files row by
 * row (datasets/neo4j-file-load.ts) names the same rows with the same digest.
 * @example datasetDigest(dataset) // 'a3f1…' (64 hex digits)
 */
export function datasetDigest(dataset: DigestedRows): string {
  return digestOf(dataset, digestedRow);
}

type DigestedRows = Pick<Dataset, DigestedCollection>;

/** SHA-256 of each collection's name, then its rows as `rowText` writes them. */
function digestOf(dataset: DigestedRows, rowText: (collection: DigestedCollection, row: object) => string): string {
  const hash = createHash('sha256');
  for (const name of DIGESTED_COLLECTIONS) {
    hash.update(name);
    for (const row of dataset[name]) hash.update(rowText(name, row));
  }
  return hash.digest('hex');
}

/**
 * Whether `dataset` is the one `recorded` names: its digest now, or as enduse computed it before
 * 2026-12-03 (each row's fields in the order the reader built them), so the versions a server kept
 * in its data folder before then are still restored rather than refused as altered.
 */
export function matchesRecordedDigest(dataset: DigestedRows, recorded: string): boolean {
  return datasetDigest(dataset) === recorded || digestOf(dataset, (_collection, row) => JSON.stringify(row)) === recorded;
}

/** The collections datasetDigest covers, in its order. */
export const DIGESTED_COLLECTIONS = ['entities', 'relationships', 'listings', 'jurisdictions'] as const;
export type DigestedCollection = (typeof DIGESTED_COLLECTIONS)[number];

// Readers build rows with their fields in different orders (the reference reader appends a
// defaulted field last); the digest takes them in the schema's, a relationship's derived id last.
const FIELD_ORDER: Record<DigestedCollection, readonly string[]> = {
  entities: Object.keys(entitySchema.shape),
  relationships: [...Object.keys(relationshipSchema.shape), 'id'],
  listings: Object.keys(listingSchema.shape),
  jurisdictions: Object.keys(jurisdictionSchema.shape),
};

/** A row as datasetDigest hashes it: JSON with the fields in the schema's order (any others after them). */
export function digestedRow(collection: DigestedCollection, row: object): string {
  const fields = row as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const name of FIELD_ORDER[collection]) if (name in fields) ordered[name] = fields[name];
  for (const name of Object.keys(fields)) if (!(name in ordered)) ordered[name] = fields[name];
  return JSON.stringify(ordered);
}

/**
 * A digest of a request body's bytes as received (a rejected upload), for the log. The raw bytes,
 * not a re-serialised parse: nothing is rebuilt from a hostile body (200,000-deep nesting
 * overflowed JSON.stringify), and the digest matches the file the sender has.
 */
export function inputDigest(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The counts of a dataset, for the log. */
export function datasetCounts(dataset: Pick<Dataset, 'entities' | 'relationships' | 'listings' | 'jurisdictions'>): z.infer<typeof counts> {
  return { entities: dataset.entities.length, relationships: dataset.relationships.length, listings: dataset.listings.length, jurisdictions: dataset.jurisdictions.length };
}
