// The key comparison's code path: every configured key is compared, each through fixed-length
// SHA-256 digests with crypto.timingSafeEqual, whatever the token's length (no timing measured).
import { describe, expect, it, vi } from 'vitest';

const { comparisons } = vi.hoisted(() => ({ comparisons: [] as [Buffer, Buffer][] }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    comparisons.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
    return crypto.timingSafeEqual(a, b);
  };
  return { ...crypto, default: { ...crypto, timingSafeEqual }, timingSafeEqual };
});

const { keyForToken } = await import('../../src/api/auth.ts');
const { createHash } = await import('node:crypto');

const keys = [
  { name: 'analyst', scope: 'read' as const, key: 'analyst-key-0123456789' },
  { name: 'loader', scope: 'write' as const, key: 'loader-key-0123456789abcdefghij' },
  { name: 'auditor', scope: 'read' as const, key: 'auditor-key-0123456789' },
];
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

describe('keyForToken', () => {
  it.each([
    ['the first key', 'analyst-key-0123456789', 'analyst'],
    ['the last key', 'auditor-key-0123456789', 'auditor'],
    ['a one-character token', 'x', undefined],
    ['a long wrong token', 'y'.repeat(10_000), undefined],
    ['a key with its last character changed', 'loader-key-0123456789abcdefghiX', undefined],
  ])('compares %s with every key through 32-byte digests and timingSafeEqual', (_what, token, expected) => {
    comparisons.length = 0;
    expect(keyForToken(keys, token)?.name).toBe(expected);
    // No early exit: one comparison per configured key, found or not.
    expect(comparisons).toHaveLength(keys.length);
    comparisons.forEach(([stored, given], index) => {
      expect(stored.length).toBe(32);
      expect(given.length).toBe(32);
      expect(stored.equals(sha256(keys[index]!.key))).toBe(true);
      expect(given.equals(sha256(token))).toBe(true);
    });
  });
});
