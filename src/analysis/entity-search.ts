// Entity search by name, alias or id: case- and accent-insensitive, ranked by how well it matches.
import type { Entity } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';

export interface SearchHit {
  entity: Entity;
  /** What matched: the name, an alias or the id. */
  matched: 'id' | 'name' | 'alias';
  /** The text that matched (the alias itself for an alias hit). */
  text: string;
  /** Lower is better: 0 exact, 1 prefix, 2 word prefix, 3 anywhere. */
  rank: number;
}

/** Folds case and accents away: `Société Générale` → `societe generale`. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Entities whose id, name or an alias contains `query` (folded), best first: exact matches,
 * then prefixes, then matches at a word start, then anywhere; within a rank, names before
 * aliases before ids, then shorter texts, then by id. An empty query finds nothing.
 *
 * @example searchEntities(view, 'computerlinks')[0].entity.id // 'computerlinks-fzco'
 */
export function searchEntities(view: GraphView, query: string): SearchHit[] {
  const needle = foldText(query);
  if (needle === '') return [];
  const hits: SearchHit[] = [];
  for (const { entity, candidates } of searchIndex(view)) {
    let best: SearchHit | undefined;
    for (const [matched, text, folded] of candidates) {
      const rank = matchRank(folded, needle);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { entity, matched, text, rank };
    }
    if (best) hits.push(best);
  }
  const kindOrder = { name: 0, alias: 1, id: 2 } as const;
  return hits.sort(
    (a, b) => a.rank - b.rank || kindOrder[a.matched] - kindOrder[b.matched] || a.text.length - b.text.length || a.entity.id.localeCompare(b.entity.id),
  );
}

type Candidate = [SearchHit['matched'], string, string];

/** Folded names, aliases and ids per view, computed once: a view never changes. */
const indexes = new WeakMap<GraphView, { entity: Entity; candidates: Candidate[] }[]>();

function searchIndex(view: GraphView): { entity: Entity; candidates: Candidate[] }[] {
  let index = indexes.get(view);
  if (index === undefined) {
    index = [...view.entities()].map((entity) => ({
      entity,
      candidates: [
        ['name', entity.name, foldText(entity.name)],
        ...entity.aliases.map((alias): Candidate => ['alias', alias, foldText(alias)]),
        ['id', entity.id, foldText(entity.id)],
      ],
    }));
    indexes.set(view, index);
  }
  return index;
}

function matchRank(haystack: string, needle: string): number | undefined {
  if (haystack === needle) return 0;
  if (haystack.startsWith(needle)) return 1;
  const at = haystack.indexOf(needle);
  if (at < 0) return undefined;
  return /[^\p{L}\p{N}]/u.test(haystack[at - 1] ?? '') ? 2 : 3;
}
