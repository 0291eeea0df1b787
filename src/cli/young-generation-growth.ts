// A command allocates some 10 MB as it starts (its modules, the case, the index over it), and V8
// grows the young generation from 1 MB by doubling it each time it fills: eight collections of
// `enduse routes` on a shipped case, a mark-compact among them, some 20 ms of its 400. Grown
// eightfold at once, the same start takes four scavenges. Only the growth changes, not the largest
// size (serve-young-generation.ts sets that for the server). V8 reads the factor at each growth,
// so unlike the size it can be set once node runs.

/** Node majors whose V8 is known to have the flag: another V8 without it would print an error. */
const KNOWN_NODE_MAJORS = new Set([20]);
const FLAG = '--semi-space-growth-factor=8';

/** Whether the user chose the young generation's sizes (node flags or NODE_OPTIONS): then theirs hold. */
export function youngGenerationTuned(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => /^--(?:min|max)?[-_]?semi[-_]space/.test(arg));
}

/**
 * Sets the faster growth in this process, where node's version is known to take it and the user
 * chose no sizes; node:v8 is loaded only here (a few ms that `enduse --help` need not pay).
 */
export async function growYoungGenerationFaster(nodeVersion: string = process.versions.node, execArgv: readonly string[] = process.execArgv, nodeOptions: string | undefined = process.env.NODE_OPTIONS): Promise<boolean> {
  if (!KNOWN_NODE_MAJORS.has(Number(nodeVersion.split('.')[0])) || youngGenerationTuned(execArgv, nodeOptions)) return false;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(FLAG);
  return true;
}
