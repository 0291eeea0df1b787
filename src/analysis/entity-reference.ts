// An entity given by a person: its id, or a name or alias that names exactly one entity.
import { InvalidInputError } from '../domain/errors.ts';
import type { Entity } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { searchEntities } from './entity-search.ts';

/** How many of the closest entities an unknown or ambiguous reference lists. */
export const CLOSEST_SHOWN = 5;

/**
 * The entity `text` names: the entity with that id, else the one entity whose name or an alias
 * is `text` (case, accents, punctuation and script aside: `Blue Coat`, `blue-coat`). Otherwise
 * InvalidInputError on `field`, listing the closest entities by id so the next try can be exact.
 *
 * @example resolveEntity(view, 'Blue Coat', '--from').id // 'bluecoat'
 */
export function resolveEntity(view: GraphView, text: string, field: string): Entity {
  const byId = view.entity(text);
  if (byId !== undefined) return byId;
  const { hits: found, didYouMean } = searchEntities(view, text);
  const hits = found.length > 0 ? found : partlyMatching(view, text);
  const exact = found.filter((hit) => hit.rank === 0);
  if (exact.length === 1) return exact[0]!.entity;
  const listed = (exact.length > 1 ? exact : hits).slice(0, CLOSEST_SHOWN).map((hit) => `${hit.entity.name} [${hit.entity.id}]${hit.matched === 'alias' ? ` (alias '${hit.text}')` : ''}`);
  const total = exact.length > 1 ? exact.length : hits.length;
  const more = total > listed.length ? ` and ${total - listed.length} more` : '';
  const message =
    exact.length > 1
      ? `'${text}' is the name of ${exact.length} entities: ${listed.join('; ')}${more}; give the id in brackets`
      : hits.length === 0
        ? `no entity has the id, name or alias '${text}', nor one close to it; search with: enduse search TEXT --data PATH`
        : found.length === 0
          ? `no entity has the id, name or alias '${text}', nor one holding all its words; the closest hold some of them: ${listed.join('; ')}${more}; give the id in brackets`
          : `no entity has the id, name or alias '${text}'; did you mean '${didYouMean ?? hits[0]!.text}'? Closest: ${listed.join('; ')}${more}; give the id in brackets`;
  throw new InvalidInputError(`unknown entity '${text}'`, [{ field, message }]);
}

/** When no entity holds every word: the entities holding the most of them, one search per word. */
function partlyMatching(view: GraphView, text: string): ReturnType<typeof searchEntities>['hits'] {
  const tally = new Map<string, { hit: ReturnType<typeof searchEntities>['hits'][number]; words: number }>();
  for (const word of new Set(text.split(/\s+/).filter((part) => part.length >= 3))) {
    for (const hit of searchEntities(view, word).hits.slice(0, 50)) {
      const seen = tally.get(hit.entity.id);
      tally.set(hit.entity.id, { hit: seen?.hit ?? hit, words: (seen?.words ?? 0) + 1 });
    }
  }
  return [...tally.values()].sort((a, b) => b.words - a.words || a.hit.rank - b.hit.rank || a.hit.entity.id.localeCompare(b.hit.entity.id)).map((entry) => entry.hit);
}
