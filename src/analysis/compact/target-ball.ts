// The entities near one target, by fewest goods hops to it (time windows ignored), grown a level
// at a time as deeper spur searches need them: the bound that lets Yen's spur searches skip what
// cannot reach the target in the hops left (compact/spur-search.ts), without a full reverse
// search per target (at a million entities that is tens of thousands of in-edges per target).
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import type { EdgeRules } from './edge-rules.ts';
import { inSources } from './in-sources.ts';
import { ballArrays, type BallArrays } from './k-scratch.ts';

/**
 * Levels 0..depth of the reverse breadth-first search from `target` over goods edges that can be
 * crossed at some time (the product fits, the edge has started by the as-of date, its window is
 * not empty), entering only unflagged entities beyond the target. `distance(v)` is exact up to
 * `depth` and `depth + 1` for everything farther: a capped distance still never drops by more
 * than one along an edge, which is what makes pruning by it exact (spur-search.ts).
 */
/** Levels a mark tells apart: more than the deepest compact search (COMPACT_SEARCH_MAX_HOPS) needs. */
const LEVELS = 256;
/** Calls before the marks start over, so call × LEVELS + level stays an Int32. */
const MAX_CALL = Math.floor((2 ** 31 - 1) / LEVELS) - 1;

export class TargetBall {
  target = NONE;
  /** Levels known: distance() is exact up to here. */
  depth = 0;
  /** Members in order of level; level d is members[levelStart[d] .. levelStart[d + 1]). */
  readonly members: Int32Array;
  private memberCount = 0;
  private readonly levelStart: number[] = [0, 0];
  /**
   * In-edges (of every type) of each level's members: what a pull from that level reads; −1
   * until asked. Worked out when a search first weighs pulling from that level, not as the level
   * grows: reading each new member's in-degree is a cache miss, and most deepest levels are never
   * weighed (a cheap push settles it first).
   */
  private readonly levelInEdges: number[] = [0];
  /**
   * Per entity: call × LEVELS + its level when it is a member of this call's ball. One number,
   * not a stamp and a level in two arrays: distance() is asked for every edge a spur search
   * weighs, and each array read is a cache miss.
   */
  private readonly mark: Int32Array;
  /** Each in-edge's source, in in-edge order (in-sources.ts). */
  private readonly inSource: Int32Array;
  /** The graph's arrays and call count, kept from one question to the next (k-scratch.ts). */
  private readonly arrays: BallArrays;
  private call = 0;

  constructor(
    private readonly graph: CompactGraph,
    private readonly rules: EdgeRules,
  ) {
    this.arrays = ballArrays(graph);
    this.members = this.arrays.members;
    this.mark = this.arrays.mark;
    this.inSource = inSources(graph);
  }

  /** Starts over from a new target: level 0 only. */
  reset(target: number): void {
    if (this.arrays.call === MAX_CALL) {
      this.mark.fill(0);
      this.arrays.call = 0;
    }
    this.call = ++this.arrays.call;
    this.target = target;
    this.depth = 0;
    this.members[0] = target;
    this.memberCount = 1;
    this.levelStart.length = 0;
    this.levelStart.push(0, 1);
    this.levelInEdges.length = 0;
    this.levelInEdges.push(this.inDegree(target));
    this.mark[target] = this.call * LEVELS;
  }

  /** Fewest hops from `node` to the target, or depth + 1 when more than depth. */
  distance(node: number): number {
    const mark = this.mark[node]! - this.call * LEVELS;
    return mark >= 0 && mark < LEVELS ? mark : this.depth + 1;
  }

  /**
   * How many members are within `levels` hops of the target: `members` holds them first, nearest
   * first. A count, not an object: spur searches ask hundreds of thousands of times a question.
   */
  countWithin(levels: number): number {
    return this.levelStart[Math.min(levels, this.depth) + 1]!;
  }

  /**
   * In-edges of the members within `levels` hops: the work of pulling a layer from them. Summed
   * nearest level first and only until `enough`: once the sum is that large, the exact figure
   * no longer matters to the caller.
   */
  inEdgesWithin(levels: number, enough = Infinity): number {
    let total = 0;
    for (let level = 0; level <= Math.min(levels, this.depth) && total < enough; level++) total += this.inEdgesOfLevel(level);
    return total;
  }

  private inEdgesOfLevel(level: number): number {
    let total = this.levelInEdges[level]!;
    if (total === -1) {
      total = 0;
      for (let index = this.levelStart[level]!; index < this.levelStart[level + 1]!; index++) total += this.inDegree(this.members[index]!);
      this.levelInEdges[level] = total;
    }
    return total;
  }

  /**
   * Grows the ball to `depth` levels, charging the budget one step per member expanded plus its
   * in-edges. False when the budget ran out (the ball is then unusable).
   */
  grow(depth: number, budget: SearchBudget | undefined): boolean {
    const { inOffsets, inEdges } = this.graph;
    const { inSource } = this;
    const { flagged } = this.rules;
    const callMark = this.call * LEVELS;
    while (this.depth < depth) {
      const from = this.levelStart[this.depth]!;
      const to = this.levelStart[this.depth + 1]!;
      if (to === from) {
        // Nothing more can reach the target: every later level is empty.
        this.depth++;
        this.levelStart.push(to);
        this.levelInEdges.push(0);
        continue;
      }
      const next = this.depth + 1;
      for (let index = from; index < to; index++) {
        const node = this.members[index]!;
        if (index > 0 && flagged[node] === 1) continue;
        const first = inOffsets[node]!;
        const last = inOffsets[node + 1]!;
        if (!withinBudget(budget, last - first + 1)) return false;
        for (let position = first; position < last; position++) {
          const before = inSource[position]!;
          if (this.mark[before]! >= callMark || !this.rules.crossableAtSomeTime(inEdges[position]!)) continue;
          this.mark[before] = callMark + next;
          this.members[this.memberCount++] = before;
        }
      }
      this.depth = next;
      this.levelStart.push(this.memberCount);
      this.levelInEdges.push(-1);
    }
    return true;
  }

  private inDegree(node: number): number {
    return this.graph.inOffsets[node + 1]! - this.graph.inOffsets[node]!;
  }
}
