// Facts whose status at a date is not confirmed (rows marked `unverified`): never a flag, but a
// red flag on the entity they are about, with the row's source and the day it was last checked.
// The first example is the BIS Affiliates Rule after its suspension ran out on 9 Nov 2026.
import { inForce, type IsoDay } from '../domain/dates.ts';
import type { OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import type { RedFlag } from '../domain/red-flags.ts';
import { appliesUnder, DEFAULT_REGIME, type RegimeSelection } from '../domain/regimes.ts';
import { shippedOwnershipRules } from '../load/read-ownership-rules.ts';
import type { GraphView } from '../store/graph-view.ts';
import { jurisdictionRowApplies, placesOf } from './flags.ts';
import { caughtByOwnershipRules } from './ownership.ts';

/** An unverified fact about one entity, a red flag without its hop. */
export type UnverifiedFact = Omit<RedFlag, 'hop'> & { entity: string };

const known = new WeakMap<GraphView, Map<string, ReadonlyMap<string, readonly UnverifiedFact[]>>>();

/**
 * Every entity with an unverified fact at `asOf` under `regime`: listings and ownership-rule
 * periods marked unverified, and unverified jurisdiction rows of the entity's place. Worked out
 * once per view, date, regime and rule table.
 *
 * @example unverifiedFacts(view, '2026-12-01').get('affiliate')?.[0]?.code // 'UNVERIFIED_OWNERSHIP_RULE'
 */
export function unverifiedFacts(view: GraphView, asOf: IsoDay, regime: RegimeSelection = DEFAULT_REGIME, rules: readonly OwnershipRulePeriod[] = shippedOwnershipRules()): ReadonlyMap<string, readonly UnverifiedFact[]> {
  let byKey = known.get(view);
  if (byKey === undefined) {
    byKey = new Map();
    known.set(view, byKey);
  }
  const key = `${asOf}|${regime}|${rules === shippedOwnershipRules() ? 'shipped' : rules.length}`;
  const cached = rules === shippedOwnershipRules() ? byKey.get(key) : undefined;
  if (cached !== undefined) return cached;
  const facts = new Map<string, UnverifiedFact[]>();
  const add = (fact: UnverifiedFact) => {
    const bucket = facts.get(fact.entity);
    if (bucket) bucket.push(fact);
    else facts.set(fact.entity, [fact]);
  };
  for (const listing of view.listings()) {
    if (listing.unverified !== true || !inForce(listing, asOf)) continue;
    const list = view.list(listing.list);
    if (!appliesUnder(list?.regime, regime)) continue;
    add({
      code: 'UNVERIFIED_LISTING',
      entity: listing.entity_id,
      date: asOf,
      message: `${name(view, listing.entity_id)}: listing on ${listing.list}${list?.regime ? ` (${list.regime})` : ''} from ${listing.from ?? '…'} to ${listing.to ?? '…'} is not confirmed at ${asOf}`,
      source: listing.source ?? `listing of ${listing.entity_id} on ${listing.list} (no source given)`,
    });
  }
  const unverifiedRows = [...view.jurisdictions()]
    .filter((row) => row.unverified === true && inForce(row, asOf) && jurisdictionRowApplies(row, regime))
    .sort((a, b) => a.code.localeCompare(b.code) || a.flag.localeCompare(b.flag) || (a.from ?? '').localeCompare(b.from ?? '') || (a.regime ?? '').localeCompare(b.regime ?? ''));
  if (unverifiedRows.length > 0) {
    for (const entity of view.entities()) {
      if (entity.country === undefined) continue;
      const places = placesOf(entity.country);
      for (const row of unverifiedRows.filter((candidate) => places.includes(candidate.code))) {
        add({
          code: 'UNVERIFIED_JURISDICTION_FLAG',
          entity: entity.id,
          date: asOf,
          message: `${name(view, entity.id)} is in ${row.code}: ${row.flag}${row.regime ? ` (${row.regime})` : ''} from ${row.from ?? '…'} is not confirmed at ${asOf}${row.verified ? `; last checked ${row.verified}` : ''}`,
          source: row.source ?? `jurisdiction row ${row.code} ${row.flag} (no source given)`,
        });
      }
    }
  }
  for (const caught of caughtByOwnershipRules(view, asOf, 'unverified', rules.filter((rule) => appliesUnder(rule.regime, regime)))) {
    const { rule, finding } = caught;
    add({
      code: 'UNVERIFIED_OWNERSHIP_RULE',
      entity: caught.id,
      date: asOf,
      message: `${name(view, caught.id)}: ${rule.name} (${rule.rule}, ${rule.regime}) would catch it at ${finding.total}%, but whether the rule is in force from ${rule.from ?? '…'} is not confirmed${rule.verified ? `; last checked ${rule.verified}` : ''}`,
      source: rule.source,
    });
  }
  if (rules === shippedOwnershipRules()) byKey.set(key, facts);
  return facts;
}

function name(view: GraphView, id: string): string {
  const entity = view.entity(id);
  return entity === undefined ? id : `${entity.name} [${id}]`;
}
