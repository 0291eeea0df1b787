// A search's route as entity numbers, relationship slots and arrival days, read back from its
// arena of states (each state's entity, arrival, slot taken and state before): what the route
// search hands Yen as first routes (flagged-routes.ts) and each spur search returns (spur-search.ts).
import { NONE, OPEN_RANK } from '../../store/compact/compact-graph.ts';

/** A route as entity numbers, relationship slots and arrival day numbers (times[0] the start). */
export interface CompactTimedRoute {
  path: number[];
  edges: number[];
  times: number[];
}

interface StateArena {
  node: Int32Array;
  time: Int32Array | Float64Array;
  edge: Int32Array;
  parent: Int32Array;
}

/**
 * The route ending at state `last`. Arrivals are day numbers already, or with `days` day ranks
 * (OPEN_RANK: any time, −Infinity). Counted first, then filled from the end: three arrays of
 * their final size, not grown and reversed (spur searches return hundreds of thousands a question).
 */
export function timedRouteTo(states: StateArena, last: number, days?: Int32Array): CompactTimedRoute {
  let length = 0;
  for (let state = last; state !== NONE; state = states.parent[state]!) length++;
  const path: number[] = new Array<number>(length);
  const edges: number[] = new Array<number>(length - 1);
  const times: number[] = new Array<number>(length);
  let at = length - 1;
  for (let state = last; state !== NONE; state = states.parent[state]!, at--) {
    path[at] = states.node[state]!;
    const time = states.time[state]!;
    times[at] = days === undefined ? time : time === OPEN_RANK ? -Infinity : days[time - 1]!;
    if (at > 0) edges[at - 1] = states.edge[state]!;
  }
  return { path, edges, times };
}
