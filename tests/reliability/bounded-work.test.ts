// Bounded work: on a dense graph where k routes, exposure and chokepoints would run for minutes,
// a search budget stops them with what they found and a truncated marker, in the analysis and in the API.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { chokepoints } from '../../src/analysis/chokepoints.ts';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { findFlaggedRoutes, type Route } from '../../src/analysis/routes.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { buildDataset, entity, supplies, viewOf } from '../support/build-dataset.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { denseGraph } from './support/dense-graph.ts';

const asOf = '2024-01-01';
const MAX_HOPS = 12;
/** How far past its deadline a search may finish: one step between clock checks, and a busy machine. */
const LATE_BY_AT_MOST_MS = 1500;

function expectValidRoute(view: GraphView, route: Route, flagged: ReadonlySet<string>): void {
  expect(route.path[0]).toBe('e0');
  expect(route.path.at(-1)).toBe(route.target);
  expect(route.hops).toBe(route.path.length - 1);
  expect(route.hops).toBeLessThanOrEqual(MAX_HOPS);
  expect(new Set(route.path).size).toBe(route.path.length);
  expect(flagged.has(route.target)).toBe(true);
  for (const inner of route.path.slice(1, -1)) expect(flagged.has(inner)).toBe(false);
  route.edges.forEach((edge, index) => {
    expect([edge.source, edge.target]).toEqual([route.path[index], route.path[index + 1]]);
    expect(view.outEdges(edge.source).some((stored) => stored.id === edge.id)).toBe(true);
  });
}

describe('a search budget on a dense graph (300 entities, ~80k undated edges, max hops at the cap)', () => {
  let view: GraphView;
  let flagged: Set<string>;
  beforeAll(async () => {
    view = await viewOf(denseGraph({ size: 300 }));
    flagged = new Set(flaggedEntities(view, asOf).keys());
  }, 60_000);

  it('k routes (k = 20) stop at the step cap with the routes found so far, every one valid', () => {
    const budget = new SearchBudget({ maxSteps: 300_000 });
    const routes = kShortestFlaggedRoutes(view, 'e0', { asOf, k: 20, maxHops: MAX_HOPS, budget });
    expect(budget.exhausted).toBe(true);
    // Every flagged target has its first route (found before Yen's alternatives), then some alternatives.
    expect(new Set(routes.map((route) => route.target))).toEqual(flagged);
    expect(routes.length).toBeGreaterThan(flagged.size);
    expect(routes.length).toBeLessThan(flagged.size * 20);
    for (const route of routes) expectValidRoute(view, route, flagged);
    // The budget refuses work once spent: steps stay within the cap plus one entity's edges.
    expect(budget.steps).toBeLessThanOrEqual(300_000 + view.entityCount());
  });

  it('k routes (k = 20) stop at the deadline', () => {
    const started = performance.now();
    const budget = new SearchBudget({ deadline: started + 300 });
    const routes = kShortestFlaggedRoutes(view, 'e0', { asOf, k: 20, maxHops: MAX_HOPS, budget });
    expect(budget.exhausted).toBe(true);
    expect(performance.now() - started).toBeLessThan(300 + LATE_BY_AT_MOST_MS);
    for (const route of routes) expectValidRoute(view, route, flagged);
  });

  it('alternatives found before the budget ran out are the first ones of the unbounded answer', async () => {
    // Sparser (about six suppliers each), so the unbounded answer is quick to get.
    const sparse = await viewOf(denseGraph({ size: 300, density: 0.02 }));
    const budget = new SearchBudget({ maxSteps: 20_000 });
    const bounded = kShortestFlaggedRoutes(sparse, 'e0', { asOf, k: 3, maxHops: MAX_HOPS, budget });
    expect(budget.exhausted).toBe(true);
    const generous = new SearchBudget({ maxSteps: 50_000_000 });
    const more = kShortestFlaggedRoutes(sparse, 'e0', { asOf, k: 3, maxHops: MAX_HOPS, budget: generous });
    expect(generous.exhausted).toBe(false);
    expect(bounded.length).toBeLessThan(more.length);
    const byTarget = (routes: Route[]) => {
      const grouped = new Map<string, Route[]>();
      for (const route of routes) grouped.set(route.target, [...(grouped.get(route.target) ?? []), route]);
      return grouped;
    };
    const full = byTarget(more);
    for (const [target, routes] of byTarget(bounded)) {
      expect(routes.map((route) => route.path)).toEqual(full.get(target)!.slice(0, routes.length).map((route) => route.path));
    }
  });

  it('exposure stops at the step cap and counts only what it reached, each flagged one with a valid route', async () => {
    // Sparser, so that reaching everything takes many hops.
    const sparse = await viewOf(denseGraph({ size: 300, density: 0.02 }));
    const sparseFlagged = new Set(flaggedEntities(sparse, asOf).keys());
    const everything = computeExposure(sparse, 'e0', { asOf, maxHops: MAX_HOPS, freeTradeZones: [] });
    const budget = new SearchBudget({ maxSteps: 150 });
    const exposure = computeExposure(sparse, 'e0', { asOf, maxHops: MAX_HOPS, freeTradeZones: [], budget });
    expect(budget.exhausted).toBe(true);
    expect(exposure.reachable.entities).toBeGreaterThan(0);
    expect(exposure.reachable.entities).toBeLessThan(everything.reachable.entities);
    for (const { route } of exposure.flagged) expectValidRoute(sparse, route, sparseFlagged);
  });

  it('chokepoints stop at the deadline with an unverified upper bound', () => {
    const started = performance.now();
    const budget = new SearchBudget({ deadline: started + 300 });
    const answer = chokepoints(view, 'e0', { asOf, maxHops: MAX_HOPS, budget });
    expect(budget.exhausted).toBe(true);
    expect(performance.now() - started).toBeLessThan(300 + LATE_BY_AT_MOST_MS);
    expect(answer.cut.status).toBe('upper_bound');
    expect(answer.cut.verified).toBe(false);
  });

  it('the API answers 200 with truncated: true within its time budget', async () => {
    const store = new MemoryStore();
    await store.load(buildDataset(denseGraph({ size: 300 })));
    const timeBudgetMs = 1000;
    const app = createApp(store, configWith({ limits: { timeBudgetMs } }));
    for (const path of [`/api/entities/e0/routes?asOf=${asOf}&maxHops=12&k=10`, `/api/entities/e0/chokepoints?asOf=${asOf}&maxHops=12`]) {
      const started = performance.now();
      const response = await request(app).get(path);
      expect(response.status, path).toBe(200);
      expect(response.body.truncated, path).toBe(true);
      expect(performance.now() - started).toBeLessThan(timeBudgetMs + LATE_BY_AT_MOST_MS);
    }
  }, 60_000);
});

describe('--time-budget on the CLI', () => {
  it('routes, exposure and chokepoints stop at the deadline and say truncated; a bad value is bad input', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'enduse-dense-')), 'dense.json');
    writeFileSync(file, JSON.stringify(denseGraph({ size: 300 })));
    const base = ['--data', file, '--from', 'e0', '--as-of', asOf, '--max-hops', '12', '--format', 'json'];
    // Budgets below what each question needs on this graph: k = 20 routes on the compact index
    // answer 300 dense entities in well under 300 ms, so they get 5 ms.
    for (const [args, budgetMs] of [[['routes', ...base, '--k', '20'], '5'], [['chokepoints', ...base], '300']] as const) {
      const result = await runCliCaptured([...args, '--time-budget', budgetMs]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).truncated, args[0]).toBe(true);
    }
    const small = await runCliCaptured(['routes', '--data', file, '--from', 'e0', '--as-of', asOf, '--max-hops', '1', '--format', 'json', '--time-budget', '60000']);
    expect(JSON.parse(small.stdout).truncated).toBe(false);
    expect((await runCliCaptured(['exposure', ...base, '--time-budget', '0'])).code).toBe(2);
  }, 60_000);
});

describe('a budget that is not used up changes nothing', () => {
  it('gives exactly the unbounded answer and says it is not truncated', async () => {
    const view = await viewOf({
      entities: [entity('s'), entity('a'), entity('b'), entity('t', { kind: 'end_user' })],
      relationships: [supplies('s', 'a'), supplies('a', 't'), supplies('s', 'b'), supplies('b', 't')],
      listings: [{ entity_id: 't', list: 'BIS_ENTITY' }],
    });
    const budget = new SearchBudget({ maxSteps: 1_000, deadline: performance.now() + 60_000 });
    const bounded = kShortestFlaggedRoutes(view, 's', { asOf, k: 5, budget });
    expect(bounded.map((route) => route.path)).toEqual([
      ['s', 'a', 't'],
      ['s', 'b', 't'],
    ]);
    expect(budget.exhausted).toBe(false);
    expect(findFlaggedRoutes(view, 's', { asOf, budget }).map((route) => route.path)).toEqual([['s', 'a', 't']]);
    expect(chokepoints(view, 's', { asOf, budget }).cut.members.map((member) => member.id)).toEqual(['a', 'b']);
    expect(budget.exhausted).toBe(false);
  });

  it('a budget already spent stops before any route', async () => {
    const view = await viewOf({ entities: [entity('s'), entity('t')], relationships: [supplies('s', 't')], listings: [{ entity_id: 't', list: 'BIS_ENTITY' }] });
    const budget = new SearchBudget({ deadline: performance.now() - 1 });
    expect(findFlaggedRoutes(view, 's', { asOf, budget })).toEqual([]);
    expect(budget.exhausted).toBe(true);
  });
});
