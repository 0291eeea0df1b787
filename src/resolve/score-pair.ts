// How likely two entities are the same, with the evidence: shared identifiers, equal names or
// aliases, and name similarity (normalised Levenshtein, via fastest-levenshtein).
import { distance } from 'fastest-levenshtein';
import type { ComparableEntity } from './entity-names.ts';

export type Evidence =
  | { kind: 'shared_identifier'; identifier: string }
  | { kind: 'same_name'; left: string; right: string; viaAlias: boolean }
  | { kind: 'similar_name'; left: string; right: string; similarity: number }
  | { kind: 'country'; left: string; right: string; same: boolean };

export interface PairScore {
  /** 0..1; 1 for a shared identifier or an equal primary name. */
  score: number;
  evidence: Evidence[];
}

/** Scores below this for the best name pair are not worth reporting as similar. */
const MIN_NAME_SIMILARITY = 0.6;
/** A country mismatch lowers a name-based score, it does not veto: registries and lists disagree. */
const COUNTRY_MISMATCH_FACTOR = 0.85;
/** An equal alias is strong, but aliases are reused (weak a.k.a.s), so a little below 1. */
const ALIAS_MATCH_SCORE = 0.95;

/**
 * @example scorePair(comparable(a, 0), comparable(b, 1)) // { score: 0.93, evidence: [{ kind: 'similar_name', … }] }
 */
export function scorePair(left: ComparableEntity, right: ComparableEntity): PairScore | undefined {
  if ((left.entity.kind === 'person') !== (right.entity.kind === 'person')) return undefined;
  const evidence: Evidence[] = [];
  let score = 0;
  const rightIdentifiers = new Set(right.identifiers);
  for (const identifier of left.identifiers) {
    if (rightIdentifiers.has(identifier)) {
      evidence.push({ kind: 'shared_identifier', identifier });
      score = 1;
    }
  }
  const best = bestNamePair(left.names, right.names);
  if (best !== undefined) {
    if (best.similarity === 1) {
      const viaAlias = best.leftIndex > 0 || best.rightIndex > 0;
      evidence.push({ kind: 'same_name', left: left.names[best.leftIndex]!, right: right.names[best.rightIndex]!, viaAlias });
      score = Math.max(score, viaAlias ? ALIAS_MATCH_SCORE : 1);
    } else if (best.similarity >= MIN_NAME_SIMILARITY) {
      evidence.push({ kind: 'similar_name', left: left.names[best.leftIndex]!, right: right.names[best.rightIndex]!, similarity: round(best.similarity) });
      score = Math.max(score, best.similarity * (best.leftIndex > 0 || best.rightIndex > 0 ? ALIAS_MATCH_SCORE : 1));
    }
  }
  if (score === 0) return undefined;
  const [leftCountry, rightCountry] = [left.entity.country, right.entity.country];
  if (leftCountry !== undefined && rightCountry !== undefined) {
    const same = leftCountry === rightCountry;
    evidence.push({ kind: 'country', left: leftCountry, right: rightCountry, same });
    if (!same && !evidence.some((item) => item.kind === 'shared_identifier')) score *= COUNTRY_MISMATCH_FACTOR;
  }
  return { score: round(score), evidence };
}

/**
 * The most similar pair of name variants. Similarity is 1 - distance / longer length, on
 * the names with their words sorted (so word order does not matter: `Zakharov Aleksandr` =
 * `Aleksandr Zakharov`).
 */
function bestNamePair(leftNames: readonly string[], rightNames: readonly string[]): { leftIndex: number; rightIndex: number; similarity: number } | undefined {
  let best: { leftIndex: number; rightIndex: number; similarity: number } | undefined;
  const sortedRight = rightNames.map(sortWords);
  leftNames.forEach((leftName, leftIndex) => {
    const sortedLeft = sortWords(leftName);
    sortedRight.forEach((rightName, rightIndex) => {
      const longer = Math.max(sortedLeft.length, rightName.length);
      if (longer === 0) return;
      // Lengths alone bound the similarity: skip pairs that cannot beat the best so far.
      const bound = 1 - Math.abs(sortedLeft.length - rightName.length) / longer;
      if (best !== undefined && bound <= best.similarity) return;
      const similarity = 1 - distance(sortedLeft, rightName) / longer;
      if (best === undefined || similarity > best.similarity) best = { leftIndex, rightIndex, similarity };
    });
  });
  return best;
}

function sortWords(name: string): string {
  return name.split(' ').sort().join(' ');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
