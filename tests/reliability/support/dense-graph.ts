// A dense generated graph on which route questions explode: most ordered pairs supply each other,
// undated, and one entity in ten is listed, so every flagged target has a huge number of routes.
import type { InlineDataset } from '../../support/build-dataset.ts';
import { seededRandom } from '../../support/random.ts';

export interface DenseGraphOptions {
  /** Entities (default 300). */
  size?: number;
  /** Chance that a given ordered pair has a SUPPLIES edge (default 0.9). */
  density?: number;
  seed?: number;
}

/**
 * `e0` … `e{size-1}`, SUPPLIES edges between most ordered pairs, every tenth entity after e0 on
 * the Entity List. Routes start from `e0`.
 * @example const view = await viewOf(denseGraph({ size: 300 }));
 */
export function denseGraph(options: DenseGraphOptions = {}): InlineDataset {
  const size = options.size ?? 300;
  const density = options.density ?? 0.9;
  const random = seededRandom(options.seed ?? 8);
  const ids = Array.from({ length: size }, (_, index) => `e${index}`);
  const relationships: Record<string, unknown>[] = [];
  for (const source of ids) {
    for (const target of ids) {
      if (source !== target && random() < density) relationships.push({ source, target, type: 'SUPPLIES' });
    }
  }
  return {
    entities: ids.map((id) => ({ id, name: `Entity ${id}`, kind: 'distributor', country: 'AE' })),
    relationships,
    listings: ids.filter((_, index) => index > 0 && index % 10 === 0).map((id) => ({ entity_id: id, list: 'BIS_ENTITY' })),
  };
}
