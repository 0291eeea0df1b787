// kill -9 during an upload and during a restore, on real `enduse serve` processes: after a restart
// the store is the last committed state, byte for byte in the answers, and the data folder holds
// whole versions only.
import { withoutDataStamp } from '../support/data-stamp.ts';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killHard, spawnServe, type ServeProcess } from './support/serve-process.ts';

const CASE = join(import.meta.dirname, '..', '..', 'data', 'cases', 'blue-coat-syria');
const QUESTIONS = [
  '/api/datasets',
  '/api/health',
  '/api/entities/ste-syria?asOf=2011-06-30',
  '/api/entities/bluecoat/routes?asOf=2011-06-30&k=3',
  '/api/entities/bluecoat/exposure?asOf=2011-06-30',
  '/api/flags?asOf=2011-06-30',
  '/api/entities?q=chain&limit=50',
];

/** A chain of `size` resellers fed by Blue Coat (a stored entity), ending at the Syrian end user. */
function chainUpload(name: string, size: number, prefix: string): Buffer {
  const ids = Array.from({ length: size }, (_, index) => `${prefix}-${index}`);
  return Buffer.from(
    JSON.stringify({
      name,
      entities: ids.map((id, index) => ({ id, name: `Chain reseller ${prefix} ${index}`, kind: 'reseller', country: 'AE', address: `Jebel Ali Free Zone, plot ${index}` })),
      relationships: [
        { source: 'bluecoat', target: ids[0], type: 'SUPPLIES', product: 'ProxySG', start: '2010-01-01' },
        ...ids.slice(1).map((id, index) => ({ source: ids[index], target: id, type: 'SUPPLIES', product: 'ProxySG', start: '2010-01-01' })),
        { source: ids.at(-1), target: 'ste-syria', type: 'SUPPLIES', product: 'ProxySG', start: '2010-01-01' },
      ],
    }),
  );
}

/** POSTs an upload; `onSent` runs once the whole body is written. */
function upload(port: number, body: Buffer, onSent?: () => void, sendOnly?: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/datasets', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    if (sendOnly !== undefined) {
      sent.write(body.subarray(0, sendOnly), () => onSent?.());
      return;
    }
    sent.end(body, () => onSent?.());
  });
}

/** The answers to every question, as the bytes the server sent. */
async function answers(server: ServeProcess): Promise<string[]> {
  return Promise.all(
    QUESTIONS.map(async (path) => {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
      // Byte for byte but for when the server read its data (dataAsOf, dataVersion).
      return `${response.status} ${withoutDataStamp(await response.text())}`;
    }),
  );
}

/** The version files of a data folder with their bytes. */
function versionFiles(folder: string): Record<string, string> {
  const directory = join(folder, 'datasets');
  if (!existsSync(directory)) return {};
  return Object.fromEntries(readdirSync(directory).sort().map((name) => [name, readFileSync(join(directory, name), 'utf8')]));
}

function serveOver(folder: string): Promise<ServeProcess> {
  return spawnServe(CASE, { ENDUSE_DATA_DIR: folder, ENDUSE_AUDIT_LOG: join(folder, 'audit.jsonl') });
}

const running: ServeProcess[] = [];
async function started(folder: string): Promise<ServeProcess> {
  const server = await serveOver(folder);
  running.push(server);
  await server.ready;
  return server;
}

afterEach(async () => {
  for (const server of running.splice(0)) await killHard(server);
});

describe('kill -9 during an upload', () => {
  it('restarts on the last committed state: the state before the upload, or the one with it, never a part of it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-crash-'));
    const first = await started(folder);
    expect((await upload(first.port, chainUpload('small', 3, 'small'))).status).toBe(201);
    const committed = await answers(first);
    const committedFiles = versionFiles(folder);
    await killHard(first);

    // The state with the big upload, from a copy of the folder that completes it.
    const referenceFolder = mkdtempSync(join(tmpdir(), 'enduse-crash-reference-'));
    cpSync(folder, referenceFolder, { recursive: true });
    const reference = await started(referenceFolder);
    const big = chainUpload('big', 10_000, 'chain');
    const timed = performance.now();
    expect((await upload(reference.port, big)).status).toBe(201);
    const uploadMs = performance.now() - timed;
    const withUpload = await answers(reference);
    await killHard(reference);
    // The accepted version's time is the one thing two runs of the same upload cannot share.
    const withoutTimes = (texts: string[]) => texts.map((text) => text.replace(/"at":"[^"]+"/g, '"at":"…"'));

    const outcomes: string[] = [];
    // Half the body sent; the whole body sent; then a third and two thirds of the way through the
    // upload's processing, as timed on the reference run.
    const moments: { sendOnly?: number; afterMs: number }[] = [{ sendOnly: big.length >> 1, afterMs: 50 }, { afterMs: 0 }, { afterMs: uploadMs / 3 }, { afterMs: (2 * uploadMs) / 3 }];
    for (const moment of moments) {
      const server = await started(folder);
      const before = versionFiles(folder);
      const answer = upload(server.port, big, () => setTimeout(() => server.child.kill('SIGKILL'), moment.afterMs), moment.sendOnly).catch((error: Error) => ({ status: 0, text: error.message }));
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const { status } = await answer;

      const restarted = await started(folder);
      const after = versionFiles(folder);
      const got = await answers(restarted);
      // No temporary file survives a restart, and no version file is half written.
      expect(Object.keys(after).every((name) => /^\d{8}\.jsonl$/.test(name))).toBe(true);
      if (Object.keys(after).length === Object.keys(before).length) {
        expect(after).toEqual(before);
        expect(got).toEqual(committed);
        expect(status).not.toBe(201);
        outcomes.push('before');
      } else {
        expect(withoutTimes(got)).toEqual(withoutTimes(withUpload));
        outcomes.push('with the upload');
        // Back to the committed state for the next round: remove it through the API.
        const id = JSON.parse(got[0]!.slice(4)).versions.at(-1).id as string;
        const removed = await fetch(`http://127.0.0.1:${restarted.port}/api/datasets/${id}`, { method: 'DELETE' });
        expect(removed.status).toBe(200);
        expect(versionFiles(folder)).toEqual(committedFiles);
        expect(await answers(restarted)).toEqual(committed);
      }
      await killHard(restarted);
    }
    console.info(`kill -9 during an upload of ${Math.round(uploadMs)} ms: restarted ${outcomes.join(', ')}`);
    // The early moments cannot have committed anything.
    expect(outcomes.slice(0, 2)).toEqual(['before', 'before']);
  }, 600_000);
});

describe('kill -9 during a restore', () => {
  it('leaves the data folder as it was, and the next start serves the same answers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-crash-'));
    const first = await started(folder);
    expect((await upload(first.port, chainUpload('chain-a', 8_000, 'a'))).status).toBe(201);
    expect((await upload(first.port, chainUpload('chain-b', 8_000, 'b'))).status).toBe(201);
    const committed = await answers(first);
    const files = versionFiles(folder);
    await killHard(first);

    // How long a start takes with these versions, then kills at fractions of it, before it serves.
    const timed = performance.now();
    const measured = await started(folder);
    const startMs = performance.now() - timed;
    expect(await answers(measured)).toEqual(committed);
    await killHard(measured);

    for (const fraction of [0.6, 0.9]) {
      const server = await serveOver(folder);
      running.push(server);
      await new Promise((resolve) => setTimeout(resolve, startMs * fraction));
      server.child.kill('SIGKILL');
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(versionFiles(folder)).toEqual(files);
      const restarted = await started(folder);
      expect(await answers(restarted)).toEqual(committed);
      await killHard(restarted);
    }
  }, 600_000);
});
