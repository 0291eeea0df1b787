// Proposes pairs of entities from different sources that may be the same, scored and
// explained. Blocking: only entities sharing a rare normalised name token or an identifier
// are compared, never all pairs (Christen, "Data Matching", 2012, ch. 4: blocking/indexing).
import type { Entity } from '../domain/schema.ts';
import { comparable, type ComparableEntity } from './entity-names.ts';
import { pairKey, type Judgement } from './judgements.ts';
import { scorePair, type Evidence } from './score-pair.ts';

export interface MatchProposal {
  left: { id: string; name: string; source: number };
  right: { id: string; name: string; source: number };
  score: number;
  evidence: Evidence[];
}

export interface MatchOptions {
  /** Lowest score proposed (default 0.85). */
  threshold?: number;
  /** Decisions already taken: judged pairs (accepted or rejected) are never proposed again. */
  judgements?: ReadonlyMap<string, Judgement>;
  /** Tokens of each name variant used to find candidates, rarest first (default 2). */
  blockingTokens?: number;
  /** Tokens shared by more entities than this are too common to block on (default 1000). */
  maxBlockSize?: number;
}

/**
 * Every scored pair above the threshold between entities of different sources, best first.
 *
 * @example proposeMatches([sdnEntities, registryEntities], { threshold: 0.9 })[0] // { left: {id: 'ofac-15036', …}, score: 1, evidence: [{kind: 'shared_identifier', identifier: 'imo:9187629'}] }
 */
export function proposeMatches(sources: readonly (readonly Entity[])[], options: MatchOptions = {}): MatchProposal[] {
  const threshold = options.threshold ?? 0.85;
  const blockingTokens = options.blockingTokens ?? 2;
  const maxBlockSize = options.maxBlockSize ?? 1000;
  const judgements = options.judgements ?? new Map();
  const items = sources.flatMap((entities, source) => entities.map((entity) => comparable(entity, source)));

  const byToken = new Map<string, number[]>();
  const byIdentifier = new Map<string, number[]>();
  items.forEach((item, index) => {
    for (const token of item.tokens) push(byToken, token, index);
    for (const identifier of item.identifiers) push(byIdentifier, identifier, index);
  });

  const proposals: MatchProposal[] = [];
  items.forEach((item, index) => {
    const candidates = new Set<number>();
    for (const identifier of item.identifiers) for (const other of byIdentifier.get(identifier) ?? []) candidates.add(other);
    for (const name of item.names) {
      const rarest = name
        .split(' ')
        .filter((token) => item.tokens.has(token))
        .map((token) => ({ token, block: byToken.get(token)! }))
        .filter(({ block }) => block.length <= maxBlockSize)
        .sort((a, b) => a.block.length - b.block.length)
        .slice(0, blockingTokens);
      for (const { block } of rarest) for (const other of block) candidates.add(other);
    }
    for (const otherIndex of candidates) {
      // Each unordered pair once, and only across sources.
      if (otherIndex <= index) continue;
      const other = items[otherIndex]!;
      if (other.source === item.source || isJudged(item, other, judgements)) continue;
      const scored = scorePair(item, other);
      if (scored === undefined || scored.score < threshold) continue;
      const [left, right] = item.source <= other.source ? [item, other] : [other, item];
      proposals.push({ left: describe(left), right: describe(right), score: scored.score, evidence: scored.evidence });
    }
  });
  return proposals.sort((a, b) => b.score - a.score || a.left.id.localeCompare(b.left.id) || a.right.id.localeCompare(b.right.id));
}

/** A pair is judged when any id either side stands for (its own or merged ones) was judged together. */
function isJudged(a: ComparableEntity, b: ComparableEntity, judgements: ReadonlyMap<string, Judgement>): boolean {
  if (judgements.size === 0) return false;
  return a.ids.some((left) => b.ids.some((right) => judgements.has(pairKey(left, right))));
}

function describe(item: ComparableEntity): MatchProposal['left'] {
  return { id: item.entity.id, name: item.entity.name, source: item.source };
}

function push(index: Map<string, number[]>, key: string, value: number): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}
