// No secret in the repository: every tracked text file is scanned for private keys, tokens and
// literal passwords or keys; placeholders (.env.example) and environment references pass.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from './support/secret-scan.ts';

const REPO = join(import.meta.dirname, '..', '..');
const MAX_SCANNED_BYTES = 5 * 1024 * 1024;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter((file) => file !== '');
}

describe('no secret in the repository', () => {
  it('finds none in the tracked files', () => {
    const files = trackedFiles();
    expect(files).toContain('package.json');
    const findings = files.flatMap((file) => {
      const path = join(REPO, file);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        return []; // deleted in the working tree, not yet in a commit
      }
      if (size > MAX_SCANNED_BYTES) return [];
      const bytes = readFileSync(path);
      if (bytes.includes(0)) return []; // binary
      return scanForSecrets(file, bytes.toString('utf8'));
    });
    expect(findings).toEqual([]);
  });

  // Built at run time so that this file does not hold what it looks for.
  const dash = '-----';
  it.each([
    ['a private key', `${dash}BEGIN RSA PRIVATE KEY${dash}`],
    ['an OpenSSH private key', `${dash}BEGIN OPENSSH PRIVATE KEY${dash}`],
    ['an AWS key id', `aws_access_key_id = ${'AKIA'}${'Q7ZJ4XK2M9WBT3LR'}`],
    ['an AWS secret', `aws_secret_access_key=${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}${'0123AbCdEfGh'}`],
    ['a literal password in an env file', `NEO4J_PASSWORD=${'hunter2'}-s0rt`],
    ['a literal password in code', `const password = '${'Tr0ub4dor'}&3';`],
    ['a bearer token', `curl -H 'Authorization: Bearer ${'eyJhbGciOiJIUzI1'}NiJ9.payload.sig'`],
    ['a GitHub token', `token: ${'ghp_'}${'a'.repeat(36)}`],
    ['a key in ENDUSE_API_KEYS', `ENDUSE_API_KEYS="ops:write:${'Kq93vLx0'}Zp2Yw7Tb"`],
    ['a literal Neo4j password in compose', `      NEO4J_AUTH: neo4j/${'sup3r'}secret`],
  ])('flags %s', (_what, line) => {
    expect(scanForSecrets('sample', `first line\n${line}\n`)).toMatchObject([{ file: 'sample', line: 2 }]);
  });

  it.each([
    ['an empty placeholder', 'NEO4J_PASSWORD='],
    ['an environment reference', '      NEO4J_AUTH: neo4j/${NEO4J_PASSWORD:?set it in .env}'],
    ['code reading the environment', 'const password = process.env.NEO4J_PASSWORD;'],
    ['a documented shape', 'ENDUSE_API_KEYS="name:scope:key,…"'],
    ['a template', 'headers.Authorization = `Bearer ${key}`;'],
  ])('lets %s pass', (_what, line) => {
    expect(scanForSecrets('sample', line)).toEqual([]);
  });
});
