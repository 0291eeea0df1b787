// /api/products: the products the data's SUPPLIES relationships name, for the product filter's suggestions.
import { z } from 'zod';
import { productsIn } from '../../analysis/products.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';

export const productsAnswer = z.object({
  total: z.number().int(),
  products: z.array(z.object({ product: z.string(), relationships: z.number().int().describe('SUPPLIES relationships naming it, any case') })),
});

export function productEndpoints(): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/products',
      tag: 'routes',
      summary: 'Products named by SUPPLIES relationships, most used first',
      description: 'What the `product` filter of routes, exposure and chokepoints can match (it compares without case); counted once per data version.',
      scope: 'read',
      query: z.object({}),
      response: productsAnswer,
      async handle({ view }) {
        const products = productsIn(await view());
        return { total: products.length, products: [...products] };
      },
    }),
  ];
}
