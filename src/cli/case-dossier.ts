// The dossier of the shipped cases (what `enduse report` prints): each case read on its own,
// every source's flagged routes ranked with red flags and scores, and the digest of each case's
// data so a reader can tell which version of it the report was made from.
import { relative } from 'node:path';
import { DEFAULT_MAX_HOPS } from '../analysis/route-types.ts';
import { rankedFlaggedRoutes } from '../analysis/ranked-routes.ts';
import { flaggedEntities } from '../analysis/flags.ts';
import { datasetDigest } from '../audit/audit-log.ts';
import { shippedCases } from '../cases/shipped-cases.ts';
import { DEFAULT_REGIME } from '../domain/regimes.ts';
import type { Entity } from '../domain/schema.ts';
import { readFreeTradeZones } from '../load/free-trade-zones.ts';
import { readDatasets } from '../load/load-datasets.ts';
import { CompactStore } from '../store/compact/compact-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { Dossier, DossierSection } from '../report/dossier.ts';

/** One case's searches, with the view they ran on (the text output names entities from it). */
export interface CaseSearches {
  view: GraphView;
  sections: DossierSection[];
}

export interface CasesDossier extends Dossier {
  cases: (CaseSearches & { id: string; title: string; asOf: string })[];
}

/**
 * Reads every shipped case and answers each of its sources at the case's date, under every regime.
 * @example const dossier = await casesDossier('0.1.0'); renderDossierHtml(dossier)
 */
export async function casesDossier(version: string, now = new Date()): Promise<CasesDossier> {
  const freeTradeZones = readFreeTradeZones();
  const cases: CasesDossier['cases'] = [];
  const dataVersions: Dossier['dataVersions'][number][] = [];
  for (const shipped of shippedCases()) {
    const dataset = readDatasets([shipped.directory]);
    const store = new CompactStore();
    await store.load(dataset);
    const view = await store.view();
    const flags = flaggedEntities(view, shipped.asOf, undefined, { regime: DEFAULT_REGIME });
    const sections = shipped.sources.map((from): DossierSection => {
      const routes = rankedFlaggedRoutes(view, from, { asOf: shipped.asOf, flags, freeTradeZones, regime: DEFAULT_REGIME, maxHops: DEFAULT_MAX_HOPS });
      return { caseTitle: shipped.title, from, asOf: shipped.asOf, regime: DEFAULT_REGIME, maxHops: DEFAULT_MAX_HOPS, routes, entities: entitiesNamed(view, from, routes) };
    });
    // The case's summary is said once, above its first source.
    if (shipped.summary && sections[0]) sections[0] = { ...sections[0], caseSummary: shipped.summary };
    cases.push({ id: shipped.id, title: shipped.title, asOf: shipped.asOf, view, sections });
    dataVersions.push({
      name: shipped.id,
      detail: `${relative(process.cwd(), shipped.directory) || shipped.directory}, with the reference lists of enduse ${version}: SHA-256 ${datasetDigest(dataset)}; ${dataset.entities.length} entities, ${dataset.relationships.length} relationships, ${dataset.listings.length} listings, ${dataset.jurisdictions.length} jurisdiction rows`,
    });
  }
  return {
    question: 'Where did the technology of the shipped cases end up? Flagged routes of every case at its date, under every regime',
    generatedAt: now.toISOString(),
    generatedBy: `enduse ${version} (command line: enduse report)`,
    sections: cases.flatMap((entry) => entry.sections),
    dataVersions,
    cases,
  };
}

/** The source, every entity on the routes and every stated end user, by id. */
function entitiesNamed(view: GraphView, from: string, routes: readonly { path: readonly string[]; edges: readonly { stated_end_user?: string }[] }[]): Record<string, Entity> {
  const entities: Record<string, Entity> = {};
  const ids = [from, ...routes.flatMap((route) => [...route.path, ...route.edges.flatMap((edge) => (edge.stated_end_user ? [edge.stated_end_user] : []))])];
  for (const id of ids) {
    const entity = view.entity(id);
    if (entity) entities[id] = entity;
  }
  return entities;
}
