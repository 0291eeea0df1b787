// The products the data's SUPPLIES relationships name, so a product filter can offer them and
// say when a typed product is none of them (`Proxy` is not `ProxySG`).
import type { GraphView } from '../store/graph-view.ts';
import { NONE } from '../store/compact/compact-graph.ts';

export interface ProductCount {
  /** As first written in the data (the filter compares without case). */
  product: string;
  /** SUPPLIES relationships naming it (any case). */
  relationships: number;
}

const lists = new WeakMap<GraphView, ProductCount[]>();

/**
 * Every product of the view's SUPPLIES relationships, most used first, then by name; products
 * differing only in case are one. Counted once per view: from the interned product column when the
 * view has the compact index (5M relationships in one pass over an Int32Array), else by reading
 * the relationships.
 *
 * @example productsIn(view)[0] // { product: 'ProxySG', relationships: 3 }
 */
export function productsIn(view: GraphView): readonly ProductCount[] {
  let list = lists.get(view);
  if (list !== undefined) return list;
  const counts = new Map<string, ProductCount>();
  const count = (product: string, times: number) => {
    const key = product.toLowerCase();
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { product, relationships: times });
    else entry.relationships += times;
  };
  const compact = view.compact?.();
  if (compact !== undefined) {
    const perProduct = new Int32Array(compact.products.values.length);
    const { product, type } = compact.edges;
    const supplies = compact.typeCode.SUPPLIES;
    for (let slot = 0; slot < product.length; slot++) if (product[slot] !== NONE && type[slot] === supplies) perProduct[product[slot]!]!++;
    compact.products.values.forEach((name, at) => perProduct[at]! > 0 && count(name, perProduct[at]!));
  } else {
    for (const relationship of view.relationships()) if (relationship.type === 'SUPPLIES' && relationship.product !== undefined) count(relationship.product, 1);
  }
  list = [...counts.values()].sort((a, b) => b.relationships - a.relationships || a.product.localeCompare(b.product));
  lists.set(view, list);
  return list;
}

/** Whether `product` (any case) is a product of the data. */
export function isKnownProduct(view: GraphView, product: string): boolean {
  const wanted = product.trim().toLowerCase();
  return productsIn(view).some((entry) => entry.product.toLowerCase() === wanted);
}
