// The routes of a report as CSV: one row per hop, with its route's target, score and reasons and
// the hop's evidence, source and red flags, so a spreadsheet can filter by any of them.
// The browser build: the dashboard bundles this module too, and csv-stringify's Node build needs Buffer.
import { stringify } from 'csv-stringify/browser/esm/sync';
import { hopNumber } from '../domain/hop-number.ts';
import type { DossierSection } from './dossier.ts';
import { reasonWords } from './reason-words.ts';

export const ROUTES_CSV_COLUMNS = [
  'source',
  'as_of',
  'regime',
  'route_rank',
  'target',
  'target_name',
  'score',
  'route_hops',
  'path',
  'target_reasons',
  'hop',
  'from',
  'to',
  'type',
  'product',
  'start',
  'end',
  'crosses_on_or_after',
  'stated_end_user',
  'evidence',
  'hop_source',
  'hop_red_flags',
] as const;

/**
 * One header row, then one row per hop of every route (hop numbered from 1).
 * @example routesCsv([section]).split('\n')[0] // 'source,as_of,regime,route_rank,…'
 */
export function routesCsv(sections: readonly DossierSection[]): string {
  const rows: string[][] = [];
  for (const section of sections) {
    for (const route of section.routes) {
      const reasons = route.reasons.map(reasonWords).join('; ');
      route.edges.forEach((edge, index) => {
        const flags = route.redFlags.filter((flag) => flag.hop === index).map((flag) => `${flag.code}: ${flag.message}`);
        rows.push([
          section.from,
          section.asOf,
          section.regime,
          String(route.rank),
          route.target,
          section.entities[route.target]?.name ?? route.target,
          String(route.score.total),
          String(route.hops),
          route.path.join(' > '),
          reasons,
          String(hopNumber(index)),
          edge.source,
          edge.target,
          edge.type,
          edge.product ?? '',
          edge.start ?? '',
          edge.end ?? '',
          edge.at ?? '',
          edge.stated_end_user ?? '',
          edge.evidence ?? '',
          edge.source_ref ?? '',
          flags.join('; '),
        ]);
      });
    }
  }
  return stringify(rows, { header: true, columns: [...ROUTES_CSV_COLUMNS] });
}
