// The filters a route or exposure answer was worked out under, in words, so that an empty answer
// names every one of them (an investigator must not read "nothing reachable" as clean when a
// product filter matched nothing). Pure: the dashboard bundles it too.

export interface AppliedFilter {
  name: 'asOf' | 'regime' | 'maxHops' | 'product';
  value: string;
  /** The filter as a phrase: `within 6 hops`, `only product 'Proxy'`. */
  says: string;
  /** For a product: whether any SUPPLIES relationship of the data names it (any case). */
  known?: boolean;
  /** For an unknown product: the data's products that come closest, to suggest. */
  suggestions?: string[];
}

/**
 * The sentence for an answer that found no flagged party, naming every filter, and for a product
 * no relationship names, what to try instead.
 *
 * @example noneReachable('Blue Coat Systems', filters) // "No flagged party is reachable from Blue Coat Systems as of 2011-06-30, under every regime, within 6 hops, only product 'Proxy'. No relationship in the data names the product 'Proxy': did you mean ProxySG? …"
 */
export function noneReachable(source: string, filters: readonly AppliedFilter[]): string {
  const sentence = `No flagged party is reachable from ${source} ${filters.map((filter) => filter.says).join(', ')}.`;
  const product = filters.find((filter) => filter.name === 'product');
  if (product === undefined) return sentence;
  if (product.known === false) {
    const suggestion = product.suggestions && product.suggestions.length > 0 ? `: did you mean ${product.suggestions.join(' or ')}?` : '.';
    return `${sentence} No relationship in the data names the product '${product.value}'${suggestion} Clear the product filter to follow every product.`;
  }
  return `${sentence} The product filter leaves out supplies of other products: clear it to follow every product.`;
}
