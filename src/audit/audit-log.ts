// The audit log: one JSON line per load (who, when, which dataset, counts, outcome), appended to a
// file opened for appending only, so an entry once written is never rewritten.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Dataset } from '../domain/schema.ts';
import { STORE_BACKENDS } from '../store/graph-store.ts';

export const AUDIT_OUTCOMES = ['loaded', 'rejected', 'failed'] as const;

const counts = z.object({ entities: z.number().int(), relationships: z.number().int(), listings: z.number().int(), jurisdictions: z.number().int() });

export const auditEntrySchema = z.object({
  at: z.string().describe('ISO 8601 time the outcome was known'),
  who: z.string().describe('the API key name, or cli:<user> for the command line; never a key'),
  via: z.enum(['api', 'cli']),
  action: z.literal('load'),
  backend: z.enum(STORE_BACKENDS),
  dataset: z.object({ sha256: z.string().describe('digest of the dataset as validated, or of the input as received when it was rejected'), ...counts.partial().shape }),
  outcome: z.enum(AUDIT_OUTCOMES),
  written: counts.partial().optional().describe('rows written (loaded) or committed before the failure'),
  message: z.string().optional().describe('why it was rejected or failed (first line)'),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Where the log goes without ENDUSE_AUDIT_LOG: under the OS temporary folder. */
export function defaultAuditLogPath(): string {
  return join(tmpdir(), 'enduse', 'audit.jsonl');
}

/**
 * An append-only JSON-lines file. `record` appends one line (flag 'a': the OS puts every write at
 * the end, whatever else wrote); `entries` reads them back, newest first. Nothing here rewrites or
 * truncates the file.
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
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line, { flag: 'a', encoding: 'utf8', mode: 0o600 });
    });
    this.pending = append.catch(() => undefined);
    return append;
  }

  /** The entries, newest first, at most `limit`; a line that does not parse is skipped. */
  async entries(limit = Infinity): Promise<{ entries: AuditEntry[]; total: number }> {
    await this.pending;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], total: 0 };
      throw error;
    }
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
 * A digest naming a validated dataset: SHA-256 of its four collections as JSON, in load order.
 * @example datasetDigest(dataset) // 'a3f1…' (64 hex digits)
 */
export function datasetDigest(dataset: Pick<Dataset, 'entities' | 'relationships' | 'listings' | 'jurisdictions'>): string {
  const hash = createHash('sha256');
  for (const name of ['entities', 'relationships', 'listings', 'jurisdictions'] as const) {
    hash.update(name);
    for (const row of dataset[name]) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/** A digest of input as received (a rejected upload), for the log. */
export function inputDigest(input: unknown): string {
  return createHash('sha256').update(typeof input === 'string' ? input : JSON.stringify(input) ?? '').digest('hex');
}

/** The counts of a dataset, for the log. */
export function datasetCounts(dataset: Pick<Dataset, 'entities' | 'relationships' | 'listings' | 'jurisdictions'>): z.infer<typeof counts> {
  return { entities: dataset.entities.length, relationships: dataset.relationships.length, listings: dataset.listings.length, jurisdictions: dataset.jurisdictions.length };
}
