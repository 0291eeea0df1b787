// Which relationships a generated dataset holds: heavy-tailed SUPPLIES tiers (manufacturer →
// distributor → reseller → end user), front companies, ownership layers with shares, control.
import { dayFromNumber, dayNumber } from '../domain/dates.ts';
import type { EntityKind, EvidenceGrade } from '../domain/schema.ts';
import type { EntityPlan, KindBlock } from './entity-plan.ts';
import { entityId } from './entity-plan.ts';
import { cumulativeOf, pickOne, pickWeighted, randomIndex, zipfCumulative, type Random } from './seeded-random.ts';

export const PRODUCTS = [
  'dpi', 'proxy', 'imsi-catcher', 'spyware', 'lawful-intercept', 'facial-recognition', 'social-media-analytics',
  'storage-array', 'router', 'firewall', 'switch', 'wan-optimizer', 'voip-monitor', 'forensic-kit', 'sigint-receiver',
  'camera', 'drone', 'satellite-modem', 'crypto-module', 'server', 'gpu-cluster', 'radio', 'jammer', 'sms-gateway',
  'data-retention', 'geolocation', 'email-filter', 'url-filter', 'load-balancer', 'tap', 'packet-broker', 'sensor',
];
const EVIDENCE: readonly EvidenceGrade[] = ['court', 'settlement', 'official_list', 'registry', 'press', 'leak', 'allegation', 'other'];
const EVIDENCE_WEIGHTS = cumulativeOf([1, 1, 3, 30, 25, 5, 10, 25]);
const SHARE_SPLITS: readonly (readonly number[])[] = [[100], [51], [75], [30], [50, 50], [60, 40], [25, 25], [34, 33, 33], [40, 30, 30], [20, 20, 10]];
const FIRST_DAY = dayNumber('2005-01-01');
const DAY_SPAN = 7300;

/** A SUPPLIES tier: sources drawn from one kind with a Zipf exponent (0 = uniform), targets from others. */
interface Tier {
  share: number;
  from: EntityKind;
  fromExponent: number;
  to: readonly EntityKind[];
  toExponent: number;
}

const SUPPLY_TIERS: readonly Tier[] = [
  { share: 0.1, from: 'manufacturer', fromExponent: 1.1, to: ['distributor'], toExponent: 0.6 },
  { share: 0.03, from: 'manufacturer', fromExponent: 1.1, to: ['integrator'], toExponent: 0.3 },
  { share: 0.27, from: 'distributor', fromExponent: 0.9, to: ['reseller', 'integrator', 'freight_forwarder'], toExponent: 0 },
  { share: 0.2, from: 'reseller', fromExponent: 0.5, to: ['reseller'], toExponent: 0 },
  { share: 0.3, from: 'reseller', fromExponent: 0.5, to: ['end_user', 'front_company'], toExponent: 0 },
  { share: 0.05, from: 'freight_forwarder', fromExponent: 0.5, to: ['end_user', 'front_company'], toExponent: 0 },
  { share: 0.05, from: 'integrator', fromExponent: 0.5, to: ['end_user'], toExponent: 0 },
];

/** Row counts per relationship type: ownership 6%, control 0.5%, fronts 1.5%, the rest supplies. */
export function relationshipCounts(total: number): { owns: number; controls: number; frontFor: number; supplies: number } {
  const owns = Math.round(total * 0.06);
  const controls = Math.round(total * 0.005);
  const frontFor = Math.round(total * 0.015);
  return { owns, controls, frontFor, supplies: total - owns - controls - frontFor };
}

/** Samples entities of given kinds, the first kind's Zipf-weighted when an exponent is set. */
class KindSampler {
  private readonly cumulative: Float64Array | undefined;
  constructor(
    private readonly blocks: readonly KindBlock[],
    exponent: number,
  ) {
    const total = blocks.reduce((sum, block) => sum + block.count, 0);
    this.cumulative = exponent > 0 ? zipfCumulative(total, exponent) : undefined;
  }

  id(random: Random): string {
    let offset = this.cumulative ? pickWeighted(random, this.cumulative) : randomIndex(random, this.size());
    for (const block of this.blocks) {
      if (offset < block.count) return entityId(block, offset);
      offset -= block.count;
    }
    throw new Error('unreachable: offset beyond the sampled blocks');
  }

  private size(): number {
    return this.blocks.reduce((sum, block) => sum + block.count, 0);
  }
}

/**
 * Yields relationships.csv rows by column name, `total` of them.
 * Generators keep memory flat at millions of rows.
 */
export function* relationshipRows(random: Random, plan: EntityPlan, total: number): Generator<Record<string, string>> {
  const counts = relationshipCounts(total);
  const blocks = plan.blocks;
  const productWeights = zipfCumulative(PRODUCTS.length, 0.8);
  const endUsers = new KindSampler([blocks.end_user], 0);
  for (const tier of SUPPLY_TIERS) {
    const sources = new KindSampler([blocks[tier.from]], tier.fromExponent);
    const targets = new KindSampler(tier.to.map((kind) => blocks[kind]), tier.toExponent);
    const rows = Math.round(counts.supplies * tier.share);
    for (let index = 0; index < rows; index++) {
      const product = random() < 0.92 ? PRODUCTS[pickWeighted(random, productWeights)]! : '';
      const [start, end] = period(random, 0.9, 0.45);
      const statedEndUser = random() < 0.03 ? endUsers.id(random) : '';
      yield { source: sources.id(random), target: targets.id(random), type: 'SUPPLIES', product, start, end, stated_end_user: statedEndUser, evidence: evidence(random), source_ref: sourceRef(random) };
    }
  }
  // Rounding of tier shares may leave a few SUPPLIES rows: resellers to end users fill them.
  const written = SUPPLY_TIERS.reduce((sum, tier) => sum + Math.round(counts.supplies * tier.share), 0);
  const fill = new KindSampler([blocks.reseller], 0);
  for (let index = written; index < counts.supplies; index++) {
    const [start, end] = period(random, 0.9, 0.45);
    yield { source: fill.id(random), target: endUsers.id(random), type: 'SUPPLIES', start, end, evidence: evidence(random) };
  }
  yield* frontRows(random, plan, counts.frontFor);
  yield* ownershipRows(random, plan, counts.owns);
  const controllers = new KindSampler([blocks.company, blocks.person], 0);
  const controlled = new KindSampler([blocks.company, blocks.front_company, blocks.distributor], 0);
  for (let index = 0; index < counts.controls; index++) {
    const [start, end] = period(random, 0.5, 0.1);
    yield { source: controllers.id(random), target: controlled.id(random), type: 'CONTROLS', start, end, evidence: evidence(random), source_ref: sourceRef(random) };
  }
}

function* frontRows(random: Random, plan: EntityPlan, count: number): Generator<Record<string, string>> {
  const fronts = new KindSampler([plan.blocks.front_company], 0);
  const principals = new KindSampler([plan.blocks.end_user, plan.blocks.company, plan.blocks.distributor], 0);
  for (let index = 0; index < count; index++) {
    const [start, end] = period(random, 0.6, 0.2);
    yield { source: fronts.id(random), target: principals.id(random), type: 'FRONT_FOR', start, end, evidence: evidence(random), source_ref: sourceRef(random) };
  }
}

/**
 * Ownership layers: holding companies own later holding companies (so chains form) and the
 * trading companies; people own holding companies. Each owned entity gets 1-3 owners whose
 * shares add up to at most 100.
 */
function* ownershipRows(random: Random, plan: EntityPlan, count: number): Generator<Record<string, string>> {
  const { company, person } = plan.blocks;
  const owned = new KindSampler([plan.blocks.company, plan.blocks.front_company, plan.blocks.distributor, plan.blocks.reseller, plan.blocks.integrator], 0);
  let written = 0;
  while (written < count) {
    const target = owned.id(random);
    const targetCompanyOffset = target.startsWith(`${company.prefix}-`) ? Number(target.slice(company.prefix.length + 1)) - 1 : company.count;
    const [start, end] = period(random, 0.7, 0.1);
    for (const share of pickOne(random, SHARE_SPLITS)) {
      if (written === count) return;
      const ownerIsPerson = targetCompanyOffset === 0 || random() < 0.35;
      const owner = ownerIsPerson ? entityId(person, randomIndex(random, person.count)) : entityId(company, randomIndex(random, Math.max(1, targetCompanyOffset)));
      if (owner === target) continue;
      yield { source: owner, target, type: 'OWNS', start, end, share: String(share), evidence: evidence(random), source_ref: sourceRef(random) };
      written++;
    }
  }
}

/** A start (YYYY-MM-DD, sometimes only YYYY-MM or YYYY) and an end after it, each maybe absent. */
export function period(random: Random, startChance: number, endChance: number): [string, string] {
  const startDay = FIRST_DAY + randomIndex(random, DAY_SPAN);
  const hasStart = random() < startChance;
  const hasEnd = random() < endChance;
  const iso = dayFromNumber(startDay);
  const roll = random();
  const start = !hasStart ? '' : roll < 0.8 ? iso : roll < 0.9 ? iso.slice(0, 7) : iso.slice(0, 4);
  // An end at least a year after the start's day stays after a widened partial start.
  const end = hasEnd ? dayFromNumber(startDay + 366 + randomIndex(random, 3000)) : '';
  return [start, end];
}

function evidence(random: Random): string {
  return EVIDENCE[pickWeighted(random, EVIDENCE_WEIGHTS)]!;
}

function sourceRef(random: Random): string {
  return random() < 0.02 ? `synthetic record ${randomIndex(random, 1_000_000)}, "generated"` : '';
}
