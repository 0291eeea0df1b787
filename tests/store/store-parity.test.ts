// Both stores agree: a few hundred small random datasets, each loaded into the embedded store and
// into Neo4j, give the same flags and the same flagged routes (targets and fewest hops), and the
// Cypher library gives the same flagged entities and the same routes.
// For speed, datasets go to Neo4j ten at a time, their ids prefixed with the dataset (`d17-n3`), so
// they are disjoint graphs in one database; the ten share one date and one set of jurisdiction
// flags (those of the first), since jurisdictions are global to a database.
import { expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { shippedOwnershipRules } from '../../src/load/read-ownership-rules.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { CYPHER_MAX_HOPS, cypherFlags, cypherRoutes } from '../../src/store/neo4j/cypher-library.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildDataset, type InlineDataset } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

const BATCHES = 30;
const DATASETS_PER_BATCH = 10;
const AS_OF = ['2008-06-30', '2009-12-31', '2010-06-30', '2011-03-01', '2012-12-31'];
/** Cypher route queries in flight at once. */
const CONCURRENCY = 8;

interface RouteQuestion {
  from: string;
  product: string | undefined;
  maxHops: number;
}

describeNeo4j('memory and Neo4j stores agree on random datasets', () => {
  const database = withNeo4jDatabase();

  it(`gives the same flags and routes on ${BATCHES * DATASETS_PER_BATCH} random datasets, in TypeScript and in Cypher`, async () => {
    const rules = shippedOwnershipRules();
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    let routesCompared = 0;
    try {
      for (let batch = 0; batch < BATCHES; batch++) {
        const random = seededRandom(7919 * (batch + 1));
        const asOf = pick(random, AS_OF);
        const { dataset, questions } = randomBatch(batch, random);
        const context = `batch ${batch} (datasets d${batch * DATASETS_PER_BATCH + 1}…), as of ${asOf}`;

        const memory = new MemoryStore();
        await memory.load(dataset);
        await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
        await store.load(dataset);
        const [memoryView, neo4jView] = [await memory.view(), await store.view()];

        const flags = flagSummary(memoryView, asOf);
        expect(flagSummary(neo4jView, asOf), context).toEqual(flags);
        const cypherFlagged = await cypherFlags(store, asOf, rules);
        expect(cypherFlagged.map((flag) => [flag.id, [...flag.reasons].sort()]), `${context} (Cypher)`).toEqual(flags);

        const flagged = cypherFlagged.map((flag) => flag.id);
        for (let start = 0; start < questions.length; start += CONCURRENCY) {
          const chunk = questions.slice(start, start + CONCURRENCY);
          const answers = await Promise.all(chunk.map(({ from, product, maxHops }) => cypherRoutes(store, from, { asOf, product, maxHops, flagged })));
          chunk.forEach((question, index) => {
            const where = `${context}, from ${question.from}, product ${question.product ?? 'any'}, max hops ${question.maxHops}`;
            const expected = routeSummary(memoryView, question, asOf);
            expect(routeSummary(neo4jView, question, asOf), where).toEqual(expected);
            expect(answers[index]!.map((route): [string, number] => [route.target, route.hops]).sort(byTarget), `${where} (Cypher)`).toEqual(expected);
            routesCompared += expected.length;
          });
        }
      }
    } finally {
      await store.close();
    }
    // The datasets must exercise the comparison: routes were found, not only empty answers.
    expect(routesCompared).toBeGreaterThan(BATCHES * DATASETS_PER_BATCH);
  }, 300_000);
});

/** Ten random datasets as one, ids prefixed, with the route questions to ask of each entity. */
function randomBatch(batch: number, random: () => number): { dataset: Dataset; questions: RouteQuestion[] } {
  const merged: Required<InlineDataset> = { entities: [], relationships: [], listings: [], jurisdictions: [] };
  const questions: RouteQuestion[] = [];
  for (let index = 0; index < DATASETS_PER_BATCH; index++) {
    const seed = batch * DATASETS_PER_BATCH + index + 1;
    const prefix = (id: unknown) => `d${seed}-${String(id)}`;
    const inline = randomDataset(seed, 6 + (seed % 5), 8 + (seed % 13));
    merged.entities.push(...inline.entities.map((row) => ({ ...row, id: prefix(row.id) })));
    merged.relationships.push(...(inline.relationships ?? []).map((row) => ({ ...row, source: prefix(row.source), target: prefix(row.target) })));
    merged.listings.push(...(inline.listings ?? []).map((row) => ({ ...row, entity_id: prefix(row.entity_id) })));
    if (index === 0) merged.jurisdictions.push(...(inline.jurisdictions ?? []));
    const product = pick(random, ['dpi', 'proxy', undefined]);
    const maxHops = 2 + Math.floor(random() * (CYPHER_MAX_HOPS - 1));
    for (const row of inline.entities) questions.push({ from: prefix(row.id), product, maxHops });
  }
  return { dataset: buildDataset(merged), questions };
}

function flagSummary(view: GraphView, asOf: string): [string, string[]][] {
  return [...flaggedEntities(view, asOf)]
    .map(([id, reasons]): [string, string[]] => [id, [...new Set(reasons.map((reason) => reason.code))].sort()])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

function routeSummary(view: GraphView, question: RouteQuestion, asOf: string): [string, number][] {
  return findFlaggedRoutes(view, question.from, { asOf, product: question.product, maxHops: question.maxHops })
    .map((route): [string, number] => [route.target, route.hops])
    .sort(byTarget);
}

function byTarget(a: [string, number], b: [string, number]): number {
  return a[0].localeCompare(b[0]);
}
