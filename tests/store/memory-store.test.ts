// The GraphStore contract on the embedded store.
import { describe } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { graphStoreContract } from './graph-store.case.ts';

describe('MemoryStore (GraphStore contract)', () => {
  graphStoreContract(async () => new MemoryStore());
});
