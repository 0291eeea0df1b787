// Applies accepted judgements: each group of accepted pairs becomes one entity that keeps every
// source id (`merged:<id>` identifiers), names (aliases) and identifiers; edges and listings
// follow. The sources are never changed, so a merge is undone by rejecting the pair and merging again.
import { InvalidInputError } from '../domain/errors.ts';
import type { Dataset, Entity, ListDefinition } from '../domain/schema.ts';
import { ImportCollector, finishImport, type ImportResult } from '../import/import-report.ts';
import type { Judgement } from './judgements.ts';

export interface MergeSource {
  /** Where the dataset came from, for the report. */
  path: string;
  dataset: Dataset;
}

/**
 * Merges the sources under the accepted judgements. The surviving id of a group is that of
 * its member from the earliest source (then the smallest id).
 *
 * @example mergeEntities([{path: 'sdn', dataset: sdn}, {path: 'ftm', dataset: ftm}], judgements, lists).dataset.entities
 */
export function mergeEntities(sources: readonly MergeSource[], judgements: ReadonlyMap<string, Judgement>, lists: ReadonlyMap<string, ListDefinition>): ImportResult {
  const origin = new Map<string, { entity: Entity; source: number }>();
  sources.forEach(({ dataset, path }, source) => {
    for (const entity of dataset.entities) {
      const earlier = origin.get(entity.id);
      if (earlier) throw new InvalidInputError('the same id is in two sources', [{ file: path, field: entity.id, message: `is also in ${sources[earlier.source]!.path}; merge works on sources whose ids are distinct` }]);
      origin.set(entity.id, { entity, source });
    }
  });

  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root)) root = parent.get(root)!;
    return root;
  };
  const collector = new ImportCollector();
  for (const judgement of judgements.values()) {
    if (judgement.decision !== 'accept') continue;
    const missing = [judgement.left, judgement.right].filter((id) => !origin.has(id));
    if (missing.length > 0) {
      collector.skip({ file: 'judgements' }, 'judgement about an unknown entity', `${judgement.left} = ${judgement.right}: ${missing.join(', ')} not in the sources`);
      continue;
    }
    const [a, b] = [find(judgement.left), find(judgement.right)];
    if (a === b) continue;
    const [keep, absorb] = before(a, b, origin) ? [a, b] : [b, a];
    parent.set(absorb, keep);
  }

  const members = new Map<string, Entity[]>();
  for (const [id, { entity }] of origin) {
    const root = find(id);
    members.set(root, [...(members.get(root) ?? []), entity]);
  }
  for (const [root, group] of members) collector.entity(mergedEntity(origin.get(root)!.entity, group.filter((entity) => entity.id !== root)), { file: sources[origin.get(root)!.source]!.path });

  const seenListings = new Set<string>();
  sources.forEach(({ dataset, path }) => {
    for (const { id: _id, ...relationship } of dataset.relationships) {
      const [source, target] = [find(relationship.source), find(relationship.target)];
      if (source === target) {
        collector.skip({ file: path }, 'edge inside a merged entity', `${relationship.type} ${relationship.source} → ${relationship.target} joins two records of one entity`);
        continue;
      }
      const statedEndUser = relationship.stated_end_user === undefined ? undefined : find(relationship.stated_end_user);
      collector.relationship({ ...stringValues(relationship), source, target, stated_end_user: statedEndUser }, { file: path });
    }
    for (const listing of dataset.listings) {
      const entityId = find(listing.entity_id);
      const key = JSON.stringify([entityId, listing.list, listing.from, listing.to]);
      if (seenListings.has(key)) continue;
      seenListings.add(key);
      collector.listing({ ...stringValues(listing), entity_id: entityId }, { file: path });
    }
    for (const period of dataset.jurisdictions) collector.collections.jurisdictions.push({ values: stringValues(period), place: { file: path } });
  });
  return finishImport(collector, lists);
}

function before(a: string, b: string, origin: ReadonlyMap<string, { source: number }>): boolean {
  const [sourceA, sourceB] = [origin.get(a)!.source, origin.get(b)!.source];
  return sourceA !== sourceB ? sourceA < sourceB : a < b;
}

function mergedEntity(kept: Entity, absorbed: readonly Entity[]): Record<string, string | string[] | undefined> {
  const aliases = new Set(kept.aliases ?? []);
  const identifiers = new Set(kept.identifiers ?? []);
  for (const entity of absorbed) {
    for (const name of [entity.name, ...(entity.aliases ?? [])]) if (name !== kept.name) aliases.add(name);
    for (const identifier of entity.identifiers ?? []) identifiers.add(identifier);
    identifiers.add(`merged:${entity.id}`);
  }
  return {
    ...stringValues(kept),
    country: kept.country ?? absorbed.find((entity) => entity.country !== undefined)?.country,
    address: kept.address ?? absorbed.find((entity) => entity.address !== undefined)?.address,
    aliases: [...aliases],
    identifiers: [...identifiers],
    source: [kept.source, ...absorbed.map((entity) => entity.source)].filter((part) => part !== undefined).join(' | ') || undefined,
  };
}

function stringValues(row: object): Record<string, string | string[] | undefined> {
  const values: Record<string, string | string[] | undefined> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined || value === null) continue;
    values[key] = Array.isArray(value) ? value.map(String) : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  }
  return values;
}
