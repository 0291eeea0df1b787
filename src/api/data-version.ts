// Every answer says which data it was computed from: `dataAsOf` (when the projection it read was
// read from the store) and `dataVersion` (its number). Stamped here, for every endpoint at once.
import { z } from 'zod';
import type { DataVersion } from '../store/serving-store.ts';

export const dataVersionFields = {
  dataAsOf: z.string().optional().describe('when the data this answer was computed from was read from the store (ISO 8601); absent before the store was first read'),
  dataVersion: z.number().int().optional().describe('the number of that projection of the store: it grows by one each time the server swaps in fresh data'),
};

/** An endpoint's answer schema as the OpenAPI document shows it: with the two fields when it is an object. */
export function withDataVersion(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject ? schema.extend(dataVersionFields) : schema;
}

/**
 * The answer with `dataAsOf` and `dataVersion` of the projection it was computed from (an object
 * answer; anything else is returned as it is).
 * @example stampDataVersion({ routes: [] }, { version: 3, dataAsOf: '2026-12-02T12:00:00.000Z' })
 */
export function stampDataVersion(answer: unknown, version: DataVersion | undefined): unknown {
  if (version === undefined || answer === null || typeof answer !== 'object' || Array.isArray(answer)) return answer;
  return { ...answer, dataAsOf: version.dataAsOf, dataVersion: version.version };
}

/**
 * The same for an answer already serialised (a heavy question's JSON, possibly from the cache):
 * the two fields are written after the object's last member, as stampDataVersion places them,
 * without parsing it again. The answer's bytes are not copied (pieces to send one after the
 * other): a cached answer is sent many times, and a copy per request is garbage the request
 * thread must collect while others wait.
 * @example stampDataVersionJson(Buffer.from('{"routes":[]}'), { version: 3, dataAsOf: '…' }) // [Buffer '{"routes":[]', Buffer ',"dataAsOf":…}']
 */
export function stampDataVersionJson(json: Uint8Array, version: DataVersion | undefined): Buffer[] {
  const bytes = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  const last = bytes.length - 1;
  if (version === undefined || bytes[0] !== 0x7b || bytes[last] !== 0x7d) return [bytes];
  const fields = `"dataAsOf":${JSON.stringify(version.dataAsOf)},"dataVersion":${version.version}}`;
  const empty = bytes.length === 2;
  return [bytes.subarray(0, last), Buffer.from(empty ? fields : `,${fields}`)];
}
