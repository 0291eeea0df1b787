// The product filters suggest the data's products (GET /api/products), so `Proxy` is not typed for `ProxySG`.
import { api } from './api-client.ts';
import type { ProductsAnswer } from './api-types.ts';
import { html } from './format.ts';

/** Fills `list` (a <datalist> the product inputs name) once; a failure leaves the inputs free text. */
export async function fillProductSuggestions(list: HTMLDataListElement): Promise<void> {
  try {
    const answer = await api<ProductsAnswer>('/api/products');
    list.innerHTML = answer.products.map((entry) => `<option value="${html(entry.product)}">${entry.relationships} supplies</option>`).join('');
  } catch {
    // Suggestions only help: the filter still works without them, and errors show where the answers are.
  }
}
