// Builds validated datasets inline for tests, through the same validation as files.
import { InvalidInputError } from '../../src/domain/errors.ts';
import type { Dataset, ListDefinition } from '../../src/domain/schema.ts';
import { collectionsFromJson } from '../../src/load/read-source.ts';
import { validateDataset } from '../../src/load/validate-dataset.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';

export const TEST_LISTS: ListDefinition[] = [
  { code: 'OFAC_SDN', name: 'Specially Designated Nationals and Blocked Persons List', authority: 'US Treasury OFAC', regime: 'US', measures: ['asset_freeze'] },
  { code: 'BIS_ENTITY', name: 'Entity List', authority: 'US Commerce BIS', regime: 'US', measures: ['licence_requirement'] },
  { code: 'EU_CONSOLIDATED', name: 'EU consolidated financial sanctions list', authority: 'European Union', regime: 'EU', measures: ['asset_freeze'] },
];

export interface InlineDataset {
  entities: Record<string, unknown>[];
  relationships?: Record<string, unknown>[];
  listings?: Record<string, unknown>[];
  jurisdictions?: Record<string, unknown>[];
}

/** Validates an inline dataset; throws InvalidInputError (with the problems) when invalid. */
export function buildDataset(inline: InlineDataset, lists: ListDefinition[] = TEST_LISTS): Dataset {
  const { collections, problems } = collectionsFromJson(inline, 'inline.json');
  const validated = validateDataset(collections, new Map(lists.map((list) => [list.code, list])));
  const all = [...problems, ...(validated.ok ? [] : validated.problems)];
  if (all.length > 0 || !validated.ok) throw new InvalidInputError('inline dataset is invalid', all);
  return validated.dataset;
}

/** Shorthand entity rows: `entity('a')` is a company in the US, overridable. */
export function entity(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: id.toUpperCase(), kind: 'company', country: 'US', ...fields };
}

export function supplies(source: string, target: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { source, target, type: 'SUPPLIES', ...fields };
}

export async function viewOf(inline: InlineDataset): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(buildDataset(inline));
  return store.view();
}
