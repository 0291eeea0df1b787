// The filters of a route or exposure question, in words, with whether a product is in the data.
import { closest, distance } from 'fastest-levenshtein';
import type { AppliedFilter } from '../domain/applied-filters.ts';
import type { GraphView } from '../store/graph-view.ts';
import { productsIn } from './products.ts';

export interface SearchFilters {
  asOf: string;
  regime: string;
  maxHops: number;
  product?: string | null;
}

/**
 * Every filter the question applied, in a fixed order: date, regime, hops, then product when
 * given (with `known`, and for an unknown product the data's products that contain it, or else
 * the closest by edit distance).
 *
 * @example appliedFilters(view, { asOf: '2011-06-30', regime: 'all', maxHops: 6, product: 'Proxy' })[3] // { name: 'product', value: 'Proxy', known: false, suggestions: ['ProxySG'], … }
 */
export function appliedFilters(view: GraphView, question: SearchFilters): AppliedFilter[] {
  const filters: AppliedFilter[] = [
    { name: 'asOf', value: question.asOf, says: `as of ${question.asOf}` },
    { name: 'regime', value: question.regime, says: question.regime === 'all' ? 'under every regime' : `under ${question.regime.toUpperCase()} law` },
    { name: 'maxHops', value: String(question.maxHops), says: `within ${question.maxHops} hop${question.maxHops === 1 ? '' : 's'}` },
  ];
  const product = question.product?.trim();
  if (product) {
    const products = productsIn(view).map((entry) => entry.product);
    const wanted = product.toLowerCase();
    const known = products.some((name) => name.toLowerCase() === wanted);
    const containing = products.filter((name) => name.toLowerCase().includes(wanted) || wanted.includes(name.toLowerCase())).slice(0, 3);
    const nearest = products.length > 0 ? closest(product, products) : undefined;
    // A nearest product many letters away is no suggestion: a third of the letters at most.
    const near = nearest !== undefined && distance(product.toLowerCase(), nearest.toLowerCase()) <= Math.max(1, Math.floor(product.length / 3)) ? [nearest] : [];
    const suggestions = known ? [] : containing.length > 0 ? containing : near;
    filters.push({ name: 'product', value: product, says: `only supplies of product '${product}' (or naming none)`, known, ...(known ? {} : { suggestions }) });
  }
  return filters;
}
