// Answers carry the stamp of the data they were read from (dataAsOf, dataVersion: src/api/data-version.ts),
// which differs between two servers or two reads of new data by design; comparisons of the answers
// themselves leave it out.

/**
 * An answer's JSON text without its trailing `"dataAsOf"` and `"dataVersion"` members, and for
 * `/api/health` without the version and time of the projection it serves.
 * @example withoutDataStamp('{"a":1,"dataAsOf":"2026-12-02T12:00:00.000Z","dataVersion":3}') // '{"a":1}'
 */
export function withoutDataStamp(text: string): string {
  return text.replace(/,"dataAsOf":"[^"]*","dataVersion":\d+\}$/, '}').replace(/"serving":\{"version":\d+,"dataAsOf":"[^"]*"\}/, '"serving":{}');
}
