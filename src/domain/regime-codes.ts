// Whose law a list, jurisdiction row or ownership rule is, as codes: a module of its own that
// imports nothing, so `enduse --help` (which names them) does not build the dataset schema.

/**
 * Whose law a list, jurisdiction row or ownership rule is: the authority that made it.
 * `--regime` selects the law that applies (see regimes.ts); UN rows are the Security Council's own.
 */
export const REGIMES = ['US', 'EU', 'UK', 'UN', 'CH', 'UA'] as const;
export type Regime = (typeof REGIMES)[number];
