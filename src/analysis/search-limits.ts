// The defaults and caps of the searches that `enduse --help` names, in a module that imports
// nothing, so the help is written without loading the searches.

/** The default reach of `connect`: ties further than this are seldom what an investigator means by "connected". */
export const DEFAULT_CONNECTION_HOPS = 6;

/** The most alternatives per target a caller may ask for: Yen's work grows with k × path length. */
export const MAX_ROUTES_PER_TARGET = 20;
