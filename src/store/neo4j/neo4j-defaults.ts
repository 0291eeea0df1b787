// What the CLI says about Neo4j before it talks to one (the default address, the load's phases
// and batch size): apart from the driver, so that naming them in a command's help or options
// does not load the driver at every start.

export const DEFAULT_NEO4J_URI = 'bolt://127.0.0.1:7687';

/** What is written, in this order: list definitions first, since listings point at them. */
export const LOAD_PHASES = ['lists', 'entities', 'relationships', 'listings', 'jurisdictions'] as const;

/**
 * Rows per transaction. Each transaction costs a round trip and a commit (a log flush); at 10,000
 * rows that is a small share of the work, and a batch still holds only a few megabytes.
 */
export const DEFAULT_BATCH_SIZE = 10_000;

/** The bound written into the path patterns of routes-to-flagged and exposure-to-flagged-jurisdictions. */
export const CYPHER_MAX_HOPS = 6;
