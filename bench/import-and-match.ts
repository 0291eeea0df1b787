// Benchmark: import the 2024 OFAC SDN file (15k rows, aliases from remarks) and the 2022 files
// with add.csv/alt.csv, then match the 2024 SDN entities against a seeded 100k-entity dataset.
// Run: npx tsx bench/import-and-match.ts   (needs ../shared/data; prints figures, asserts nothing)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity } from '../src/domain/schema.ts';
import { importOfacSdn } from '../src/import/ofac-sdn.ts';
import { readReference } from '../src/load/load-datasets.ts';
import { proposeMatches } from '../src/resolve/propose-matches.ts';
import { pick, seededRandom } from '../tests/support/random.ts';
import { SHARED_DATA } from '../tests/support/shared-data.ts';

const SDN = join(SHARED_DATA, 'ofac-sdn');
if (!existsSync(SDN)) {
  console.log(`skipped: ${SDN} is absent`);
  process.exit(0);
}

function timed<T>(label: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return result;
}

const lists = readReference().lists;
const sdn2024 = timed('import sdn_2024-05-03.csv (14,965 rows)', () => importOfacSdn({ sdn: join(SDN, 'sdn_2024-05-03.csv') }, lists));
timed('import sdn/add/alt 2022-01-21 (9,044 + 13,625 + 12,409 rows)', () => importOfacSdn({ sdn: join(SDN, 'sdn_2022-01-21.csv'), add: join(SDN, 'add_2022-01-21.csv'), alt: join(SDN, 'alt_2022-01-21.csv') }, lists));
const aliases = sdn2024.dataset.entities.reduce((sum, entity) => sum + entity.aliases.length, 0);
console.log(`  2024: ${sdn2024.dataset.entities.length} entities with ${aliases} aliases`);

/**
 * 100,000 seeded companies and persons: names from a 4,000-word synthetic vocabulary plus common
 * company words, and 1% near-copies of SDN names (a dropped or swapped word), so that matching
 * has real candidates and realistic block sizes.
 */
function generatedEntities(count: number, seed: number, sdnEntities: readonly Entity[]): Entity[] {
  const random = seededRandom(seed);
  const syllables = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'zu', 'sha', 'pe', 'dri', 'an', 'mor', 'el', 'gu', 'sti', 'nov', 'bai', 'qu', 'ul', 'fen'];
  const vocabulary = Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(random, syllables)).join(''));
  const companyWords = ['Trading', 'Holding', 'Group', 'International', 'Industries', 'Logistics', 'Shipping', 'Energy', 'Systems'];
  const forms = ['LLC', 'Ltd', 'GmbH', 'FZCO', 'OOO', 'AO', 'SpA', 'Inc'];
  const countries = ['DE', 'AE', 'CN', 'RU', 'TR', 'US', 'IN', 'HK', 'GB', 'IT'];
  return Array.from({ length: count }, (_, index) => {
    if (random() < 0.01) {
      const source = pick(random, sdnEntities);
      const words = source.name.split(' ');
      if (words.length > 2) words.splice(Math.floor(random() * words.length), 1);
      return { id: `gen-${index}`, name: words.join(' '), kind: source.kind, aliases: [], country: source.country };
    }
    const person = random() < 0.3;
    const name = person
      ? `${pick(random, vocabulary)} ${pick(random, vocabulary)}`
      : `${pick(random, vocabulary)} ${random() < 0.5 ? pick(random, vocabulary) + ' ' : ''}${pick(random, companyWords)} ${pick(random, forms)}`;
    return { id: `gen-${index}`, name, kind: person ? 'person' : 'company', aliases: [], country: pick(random, countries) };
  });
}

const generated = timed('generate 100,000 seeded entities', () => generatedEntities(100_000, 20240223, sdn2024.dataset.entities));
const proposals = timed('match 2024 SDN (with aliases) against 100,000 entities', () => proposeMatches([sdn2024.dataset.entities, generated]));
console.log(`  ${proposals.length} proposals at score ≥ 0.85; top: ${proposals.slice(0, 2).map((proposal) => `${proposal.left.name} = ${proposal.right.name} (${proposal.score})`).join('; ')}`);
