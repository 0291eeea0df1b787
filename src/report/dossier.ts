// What a report (the dossier, its CSV) is made of: the question, when it was made, each answered
// search with every route, its evidence and sources, and the data versions the answers came from.
// The CLI fills it from its own searches, the dashboard from the API's answers: one shape, so one
// renderer serves both.
import type { z } from 'zod';
import type { entityOut, rankedRouteOut } from '../api/schemas.ts';

type RankedRouteOut = z.input<typeof rankedRouteOut>;
/** A ranked route as the API sends it; read-only, so the analysis's own routes fit too. */
export type DossierRoute = Omit<RankedRouteOut, 'path' | 'reasons' | 'edges' | 'redFlags'> & {
  path: readonly string[];
  reasons: readonly RankedRouteOut['reasons'][number][];
  edges: readonly RankedRouteOut['edges'][number][];
  redFlags: readonly RankedRouteOut['redFlags'][number][];
};
export type DossierEntity = z.input<typeof entityOut>;

/** One answered search: flagged routes from one source at one date, under one regime. */
export interface DossierSection {
  /** The case this search belongs to, when it is a shipped case. */
  caseTitle?: string;
  caseSummary?: string;
  from: string;
  asOf: string;
  /** Whose law applied (`all`, `us`, …). */
  regime: string;
  product?: string | null;
  maxHops?: number;
  routes: readonly DossierRoute[];
  /** Every entity the routes name (path and stated end users), by id. */
  entities: Readonly<Record<string, DossierEntity>>;
  /** Routes found but not shown (the API's limit). */
  more?: number;
  /** The search ran out of its time budget: the routes are those found before. */
  truncated?: boolean;
}

/** A dataset version an answer was computed from, as people should cite it. */
export interface DossierDataVersion {
  name: string;
  /** Where it came from and how to check it: path or loader, date, digest, counts. */
  detail: string;
}

export interface Dossier {
  /** The question the report answers, in words. */
  question: string;
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  /** Who made it: `enduse 0.1.0 (command line)`, `enduse dashboard at http://…`. */
  generatedBy: string;
  sections: readonly DossierSection[];
  dataVersions: readonly DossierDataVersion[];
}

/** The question of one search, as the dashboard's headline asks it. */
export function sectionQuestion(section: DossierSection): string {
  const source = section.entities[section.from]?.name ?? section.from;
  const product = section.product ? ` (${section.product})` : '';
  return `Where can goods${product} from ${source} end up, as of ${section.asOf}, ${section.regime === 'all' ? 'under every regime' : `under ${section.regime.toUpperCase()} law`}?`;
}

/** What routeSources reads of a route: a plain route (no red flags) too. */
export interface SourcedRoute {
  edges: readonly { source_ref?: string | undefined }[];
  reasons: readonly { source?: string | undefined }[];
  redFlags?: readonly { source: string }[];
}

/**
 * The distinct sources a route rests on, in the order first cited: each hop's `source_ref`, each
 * reason's and red flag's source. Numbered from 1 in the text and the dossier, so a source cited
 * by every hop is written once.
 */
export function routeSources(route: SourcedRoute): string[] {
  const sources = new Set<string>();
  for (const edge of route.edges) if (edge.source_ref) sources.add(edge.source_ref);
  for (const reason of route.reasons) if (reason.source) sources.add(reason.source);
  for (const flag of route.redFlags ?? []) if (flag.source) sources.add(flag.source);
  return [...sources];
}
