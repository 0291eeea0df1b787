// Random small datasets with dates, products, listings and ownership, for checks of the
// route search and flags against brute force (and, later, across stores).
import type { InlineDataset } from './build-dataset.ts';
import { pick, seededRandom } from './random.ts';

const YEARS = ['2008', '2009', '2010', '2011', '2012'];
const PRODUCTS = ['dpi', 'proxy', undefined];
const COUNTRIES = ['US', 'AE', 'SY', 'IR', 'DE', 'CN'];
const SECTORS = ['government', 'telecom', 'commercial', undefined];

function maybeWindow(random: () => number, startField: string, endField: string): Record<string, string> {
  const window: Record<string, string> = {};
  const a = pick(random, YEARS);
  const b = pick(random, YEARS);
  const [from, to] = a <= b ? [a, b] : [b, a];
  if (random() < 0.5) window[startField] = random() < 0.5 ? from : `${from}-0${1 + Math.floor(random() * 9)}`;
  if (random() < 0.5) window[endField] = to;
  if (window[startField] && window[endField] && window[startField]!.slice(0, 4) > window[endField]!) delete window[endField];
  return window;
}

export function randomDataset(seed: number, nodes = 8, edges = 16): InlineDataset {
  const random = seededRandom(seed);
  const ids = Array.from({ length: nodes }, (_, index) => `n${index}`);
  const entities = ids.map((id) => ({
    id,
    name: id,
    kind: pick(random, ['company', 'reseller', 'end_user', 'front_company']),
    country: pick(random, COUNTRIES),
    ...(random() < 0.7 ? { sector: pick(random, SECTORS) } : {}),
  }));
  const relationships: Record<string, unknown>[] = [];
  for (let index = 0; index < edges; index++) {
    const source = pick(random, ids);
    const target = pick(random, ids);
    const roll = random();
    if (roll < 0.7) {
      const product = pick(random, PRODUCTS);
      relationships.push({ source, target, type: 'SUPPLIES', ...(product ? { product } : {}), ...maybeWindow(random, 'start', 'end') });
    } else if (roll < 0.8) {
      relationships.push({ source, target, type: 'FRONT_FOR', ...maybeWindow(random, 'start', 'end') });
    } else {
      relationships.push({ source, target, type: 'OWNS', share: pick(random, [10, 25, 30, 50, 60, 100]), ...maybeWindow(random, 'start', 'end') });
    }
  }
  const listings = ids
    .filter(() => random() < 0.25)
    .map((id) => ({ entity_id: id, list: pick(random, ['OFAC_SDN', 'BIS_ENTITY']), ...maybeWindow(random, 'from', 'to') }));
  const jurisdictions = [
    { code: 'SY', flag: 'comprehensive_sanctions', ...maybeWindow(random, 'from', 'to') },
    { code: 'IR', flag: 'hr_risk', ...maybeWindow(random, 'from', 'to') },
    { code: 'CN', flag: 'hr_risk', ...maybeWindow(random, 'from', 'to') },
  ];
  return { entities, relationships, listings, jurisdictions };
}
