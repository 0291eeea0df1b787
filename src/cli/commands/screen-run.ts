// `enduse screen`: the due-diligence answer for one proposed sale, with a clear / review / stop verdict.
// What the command does, imported only when it runs; screen.ts declares its options and help.
import countries from '../../domain/countries.ts';
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import { screenSale, type ProposedSale, type Screening } from '../../analysis/screening.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { readFreeTradeZones } from '../../load/free-trade-zones.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { describeEntity, describeReason, describeRedFlag } from '../describe.ts';
import { asOfOption, formatOption, positiveIntegerOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import type { Output } from '../output.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';
import type { ScreenFlags } from './screen.ts';

export async function runScreen(options: ScreenFlags, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const date = asOfOption(options.date, '--date');
  const maxHops = positiveIntegerOption(options.maxHops, '--max-hops', DEFAULT_MAX_HOPS, MAX_HOPS_CAP);
  const sale = proposedSale(options, date);
  const view = await openView(options);
  const screening = screenSale(view, sale, { maxHops, freeTradeZones: readFreeTradeZones(), regime: regimeOption(options.regime) });
  if (format === 'json') output.json(screening);
  else output.line(formatScreeningText(view, screening));
}

function proposedSale(options: ScreenFlags, date: string): ProposedSale {
  const bad = (field: string, message: string) => new InvalidInputError(`bad value for ${field}`, [{ field, message }]);
  if (options.seller === undefined) throw bad('--seller', 'is required; give the id of the entity selling');
  if (options.buyer !== undefined && options.buyerName !== undefined) throw bad('--buyer', 'give either --buyer ID or --buyer-name NAME with --buyer-country, not both');
  const common = {
    seller: options.seller,
    date,
    ...(options.product === undefined ? {} : { product: options.product }),
    ...(options.statedEndUser === undefined ? {} : { statedEndUser: options.statedEndUser }),
  };
  if (options.buyer !== undefined) {
    if (options.buyerCountry !== undefined) throw bad('--buyer-country', 'goes with --buyer-name; a buyer given by --buyer ID has its country in the dataset');
    if (options.buyerAddress !== undefined) throw bad('--buyer-address', 'goes with --buyer-name; a buyer given by --buyer ID has its address in the dataset');
    return { ...common, buyer: { id: options.buyer } };
  }
  if (options.buyerName === undefined) throw bad('--buyer', 'is required; give --buyer ID, or --buyer-name NAME with --buyer-country CC');
  if (options.buyerName.trim() === '') throw bad('--buyer-name', 'must not be empty');
  const country = options.buyerCountry?.trim().toUpperCase();
  if (country === undefined) throw bad('--buyer-country', 'is required with --buyer-name; give an ISO 3166-1 alpha-2 code such as AE');
  if (!/^[A-Z]{2}$/.test(country) || !countries.isValid(country)) throw bad('--buyer-country', `'${options.buyerCountry}' is not an ISO 3166-1 alpha-2 country code such as AE, SY or US`);
  const address = options.buyerAddress?.trim();
  return { ...common, buyer: { name: options.buyerName.trim(), country, ...(address ? { address } : {}) } };
}

function formatScreeningText(view: GraphView, screening: Screening): string {
  const { sale, buyer } = screening;
  const buyerLine = buyer.inGraph ? describeEntity(view.entity(buyer.id), buyer.id) : `${buyer.name} (${buyer.country}, not in the dataset)`;
  const lines = [
    `VERDICT: ${screening.verdict.decision.toUpperCase()}`,
    screening.verdict.summary,
    ...screening.verdict.reasons.map((reason) => `  - ${reason.message} [rule ${reason.rule}${reason.regimes.length > 0 ? `, ${reason.regimes.join(', ')} law` : ''}]`),
    '',
    `sale: ${sale.seller} → ${buyerLine} on ${sale.date}${sale.product ? `, product ${sale.product}` : ''}${sale.statedEndUser ? `, stated end user ${sale.statedEndUser}` : ''}`,
  ];
  if (buyer.match) {
    lines.push(`buyer name '${buyer.match.query}' (normalised '${buyer.match.normalised}'): ${buyer.match.candidates.length === 0 ? 'no match' : buyer.match.candidates.map((candidate) => `${candidate.id} (${candidate.country ?? '-'}, by ${candidate.matchedOn} '${candidate.value}')`).join('; ')}`);
  }
  lines.push(buyer.reasons.length === 0 ? 'buyer: not flagged' : 'buyer flagged:', ...buyer.reasons.map((reason) => `  ${describeReason(reason)}`));
  if (screening.statedEndUser) {
    const stated = screening.statedEndUser;
    lines.push(`stated end user ${stated.id}: ${stated.reasons.length === 0 ? 'not flagged' : 'flagged'}`, ...stated.reasons.map((reason) => `  ${describeReason(reason)}`));
  }
  lines.push(screening.owners.length === 0 ? 'owners and controllers: none in force' : 'owners and controllers:');
  for (const owner of screening.owners) {
    const role = owner.type === 'OWNS' ? `owns ${owner.share ?? '?'}%` : 'controls (director or other controller, not an owner)';
    lines.push(`  ${owner.name} [${owner.id}] ${role}${owner.flagged ? `; FLAGGED: ${owner.reasons.map((reason) => reason.code).join(', ')}` : ''}`);
  }
  lines.push(screening.redFlags.length === 0 ? 'red flags on the proposed hop: none' : 'red flags on the proposed hop:', ...screening.redFlags.map((flag) => `  ${describeRedFlag(flag)}`));
  lines.push(screening.routes.length === 0 ? 'flagged routes through the sale: none' : 'flagged routes through the sale:');
  for (const route of screening.routes) {
    lines.push(`  ${route.new ? 'NEW ' : ''}${route.score.total}/100 ${route.path.join(' → ')} (${route.hops} hop${route.hops === 1 ? '' : 's'}, ${route.redFlags.length} red flag${route.redFlags.length === 1 ? '' : 's'})`);
  }
  return lines.join('\n');
}
