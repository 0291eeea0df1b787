// The GraphStore contract on the compact store, the engine every production path answers from
// (--data, serve, and Neo4j's projection).
import { describe } from 'vitest';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { graphStoreContract } from './graph-store.case.ts';

describe('CompactStore (GraphStore contract)', () => {
  graphStoreContract(async () => new CompactStore());
});
