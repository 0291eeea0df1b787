// Which entities of the graph go by a given name: exact matches of normalised names and aliases.
import { normaliseName } from '../domain/normalise-name.ts';
import type { GraphView } from '../store/graph-view.ts';

export interface NameMatch {
  id: string;
  name: string;
  country: string | null;
  /** Whether the entity's name or one of its aliases matched. */
  matchedOn: 'name' | 'alias';
  /** The name or alias that matched, as written in the data. */
  value: string;
}

/**
 * Entities whose name or an alias equals `name` after normaliseName (case, accents,
 * punctuation and legal-form words ignored), name matches first, then by id.
 *
 * @example matchEntitiesByName(view, 'COMPUTERLINKS F.Z.C.O.').map((match) => match.id) // ['computerlinks-ag', 'computerlinks-fzco']
 */
export function matchEntitiesByName(view: GraphView, name: string): NameMatch[] {
  const wanted = normaliseName(name);
  if (wanted === '') return [];
  const matches: NameMatch[] = [];
  for (const entity of view.entities()) {
    const country = entity.country ?? null;
    if (normaliseName(entity.name) === wanted) {
      matches.push({ id: entity.id, name: entity.name, country, matchedOn: 'name', value: entity.name });
      continue;
    }
    const alias = entity.aliases.find((candidate) => normaliseName(candidate) === wanted);
    if (alias !== undefined) matches.push({ id: entity.id, name: entity.name, country, matchedOn: 'alias', value: alias });
  }
  return matches.sort((a, b) => (a.matchedOn === b.matchedOn ? a.id.localeCompare(b.id) : a.matchedOn === 'name' ? -1 : 1));
}
