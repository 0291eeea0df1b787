// The JSON body parser of write endpoints: keeps the digest of the raw bytes for the audit log and
// checks their shape (depth, array lengths, duplicated keys) before JSON.parse builds anything.
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { inputDigest } from '../audit/audit-log.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { jsonShapeProblem } from '../load/json-shape.ts';
import type { ApiLimits } from './config.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** SHA-256 of the request body as received, once it has been read. */
    bodyDigest?: string;
  }
}

/** Nesting of the deepest body any endpoint takes (a dataset: body, collection, row, aliases) with room to spare. */
export const MAX_BODY_DEPTH = 16;

/**
 * express.json with a size limit (413 beyond), then, on the raw bytes: the digest, and a refusal
 * (400 naming the field) of a body nested deeper than MAX_BODY_DEPTH, with an array longer than
 * `limits.uploadRows` or with a key given twice in one object.
 */
export function jsonBody(limits: ApiLimits): RequestHandler {
  return express.json({
    limit: limits.bodyBytes,
    verify(req: IncomingMessage, _res, bytes: Buffer) {
      req.bodyDigest = inputDigest(bytes);
      const problem = jsonShapeProblem(bytes.toString('utf8'), { maxDepth: MAX_BODY_DEPTH, maxArrayItems: limits.uploadRows }, { fieldPrefix: 'body' });
      if (problem) throw new InvalidInputError('the request body was not read', [problem]);
    },
  });
}
