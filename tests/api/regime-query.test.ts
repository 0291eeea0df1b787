// `?regime=` on every question that depends on flags: whose law applies, the server's setting
// when absent; one question answered differently under two regimes on the same date, each answer
// saying its regime, each regime a cache entry of its own, a bad regime a 400 naming the choices.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompactStore } from '../../src/store/compact/compact-store.ts';
import { configWith, createApp, shippedStore } from './api-support.ts';

type Reason = { code: string; regime?: string };
type Route = { target: string; reasons: Reason[] };

let store: CompactStore;
beforeAll(async () => {
  store = await shippedStore();
});

describe('?regime= on the questions that depend on flags', () => {
  it('answers Blue Coat\'s routes after the Syria programme ended differently for a US and an EU exporter, each answer saying whose law', async () => {
    const app = createApp(store, configWith());
    const underUs = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2025-12-01', regime: 'us' });
    const underEu = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2025-12-01', regime: 'EU' });
    expect([underUs.status, underEu.status]).toEqual([200, 200]);
    expect(underUs.body.regime).toBe('us');
    expect(underEu.body.regime).toBe('eu');
    // The UAE reseller is on a US list only: a route to it holds under US law, not under EU law.
    expect(underUs.body.routes.map((route: Route) => route.target).sort()).toEqual(['infotech-uae', 'ste-syria']);
    expect(underEu.body.routes.map((route: Route) => route.target)).toEqual(['ste-syria']);
    const listed = underUs.body.routes.find((route: Route) => route.target === 'infotech-uae') as Route;
    expect(listed.reasons).toContainEqual(expect.objectContaining({ code: 'LISTED', regime: 'US' }));
    // Every reason under EU law is either EU law or a finding that holds under every regime.
    const lawReasons = underEu.body.routes.flatMap((route: Route) => route.reasons).filter((reason: Reason) => reason.code === 'LISTED' || reason.code === 'SANCTIONED_JURISDICTION');
    expect(lawReasons.every((reason: Reason) => reason.regime === 'EU')).toBe(true);
  });

  it('flags the Syrian end user SANCTIONED_JURISDICTION in 2011 under US law only, on the entity, flags, exposure, chokepoints and changes answers', async () => {
    const app = createApp(store, configWith());
    const codes = (reasons: Reason[]) => reasons.map((reason) => reason.code);
    const ask = (path: string, query: Record<string, string>) => request(app).get(path).query(query);

    const [entityUs, entityEu] = await Promise.all([ask('/api/entities/ste-syria', { asOf: '2011-06-30', regime: 'us' }), ask('/api/entities/ste-syria', { asOf: '2011-06-30', regime: 'eu' })]);
    expect([entityUs.body.regime, entityEu.body.regime]).toEqual(['us', 'eu']);
    expect(codes(entityUs.body.reasons)).toContain('SANCTIONED_JURISDICTION');
    expect(codes(entityEu.body.reasons)).not.toContain('SANCTIONED_JURISDICTION');

    const [flagsUs, flagsEu] = await Promise.all([ask('/api/flags', { asOf: '2011-06-30', regime: 'us', limit: '500' }), ask('/api/flags', { asOf: '2011-06-30', regime: 'eu', limit: '500' })]);
    const steReasons = (body: { flagged: { entity: { id: string }; reasons: Reason[] }[] }) => codes(body.flagged.find((row) => row.entity.id === 'ste-syria')?.reasons ?? []);
    expect(flagsUs.body.regime).toBe('us');
    expect(steReasons(flagsUs.body)).toContain('SANCTIONED_JURISDICTION');
    expect(steReasons(flagsEu.body)).not.toContain('SANCTIONED_JURISDICTION');

    for (const path of ['/api/entities/bluecoat/exposure', '/api/entities/bluecoat/chokepoints']) {
      const answers = await Promise.all(['us', 'uk'].map((regime) => ask(path, { asOf: '2011-06-30', regime })));
      expect(answers.map((answer) => [answer.status, answer.body.regime])).toEqual([
        [200, 'us'],
        [200, 'uk'],
      ]);
    }

    // The Syria programme ended on 30 Jun 2025: a change under US law, none under EU law.
    const changesUs = await ask('/api/entities/bluecoat/changes', { before: '2025-06-01', after: '2025-08-01', regime: 'us' });
    const changesEu = await ask('/api/entities/bluecoat/changes', { before: '2025-06-01', after: '2025-08-01', regime: 'eu' });
    expect([changesUs.body.regime, changesEu.body.regime]).toEqual(['us', 'eu']);
    const ended = (body: { flags: { changed: { id: string; reasonsRemoved: Reason[] }[]; removed: { id: string; reasons: Reason[] }[] } }) =>
      [...body.flags.changed.flatMap((change) => change.reasonsRemoved), ...body.flags.removed.flatMap((change) => change.reasons)].map((reason) => reason.code);
    expect(ended(changesUs.body)).toContain('SANCTIONED_JURISDICTION');
    expect(ended(changesEu.body)).not.toContain('SANCTIONED_JURISDICTION');
  });

  it('explains only the ownership rules of the regime asked', async () => {
    const app = createApp(store, configWith());
    const underUs = await request(app).get('/api/entities/skycom/ownership').query({ asOf: '2010-12-31', regime: 'us' });
    const underAll = await request(app).get('/api/entities/skycom/ownership').query({ asOf: '2010-12-31' });
    expect(underUs.status).toBe(200);
    expect(underUs.body.regime).toBe('us');
    expect(new Set(underUs.body.rules.map((rule: { regime: string }) => rule.regime))).toEqual(new Set(['US']));
    expect(underAll.body.regime).toBe('all');
    expect(underAll.body.rules.map((rule: { regime: string }) => rule.regime)).toEqual(expect.arrayContaining(['US', 'EU', 'UK']));
  });

  it("answers under the server's setting when the query names no regime", async () => {
    const app = createApp(store, configWith({ regime: 'eu' }));
    const routes = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2025-12-01' });
    expect(routes.body.regime).toBe('eu');
    expect(routes.body.routes.map((route: Route) => route.target)).toEqual(['ste-syria']);
    const overridden = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2025-12-01', regime: 'all' });
    expect(overridden.body.regime).toBe('all');
    expect(overridden.body.total).toBe(2);
  });

  it('keeps one cached answer per regime', async () => {
    const app = createApp(store, configWith({ limits: {} }));
    const ask = (regime: string) => request(app).get('/api/entities/bluecoat/exposure').query({ asOf: '2025-12-01', regime });
    const first = await ask('us');
    const again = await ask('US');
    const other = await ask('eu');
    expect([first.headers['x-answer-cache'], again.headers['x-answer-cache'], other.headers['x-answer-cache']]).toEqual(['miss', 'hit', 'miss']);
    expect(again.body).toEqual(first.body);
    expect(other.body.regime).toBe('eu');
    expect(other.body.flagged.map((entry: { target: string }) => entry.target)).not.toEqual(first.body.flagged.map((entry: { target: string }) => entry.target));
  });

  it('refuses a regime that is not one with a 400 naming query.regime and the choices, on every such endpoint', async () => {
    const app = createApp(store, configWith());
    for (const path of [
      '/api/entities/bluecoat/routes',
      '/api/entities/bluecoat/exposure',
      '/api/entities/bluecoat/chokepoints',
      '/api/entities/bluecoat/changes?before=2011-01-01&after=2012-01-01',
      '/api/entities/bluecoat/ownership',
      '/api/entities/bluecoat',
      '/api/entities?q=blue',
      '/api/flags',
      '/api/regions',
    ]) {
      const response = await request(app).get(path).query({ regime: 'mars' });
      expect(response.status, path).toBe(400);
      expect(response.body.error.issues, path).toEqual([{ field: 'query.regime', message: "'mars' is not a regime; give one of all, us, eu, uk, un, ch, ua" }]);
    }
  });

  it('documents the parameter in the OpenAPI document', async () => {
    const response = await request(createApp(store, configWith())).get('/api/openapi.json');
    for (const path of ['/api/entities/{id}/routes', '/api/entities/{id}/exposure', '/api/entities/{id}/chokepoints', '/api/entities/{id}/changes', '/api/entities/{id}/ownership', '/api/entities/{id}', '/api/entities', '/api/flags', '/api/regions']) {
      const names = response.body.paths[path].get.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`);
      expect(names, path).toContain('query:regime');
    }
  });
  it('takes the screening body\'s regime in any case too, and refuses an unknown one naming body.regime', async () => {
    const app = createApp(store, configWith());
    const sale = { seller: 'bluecoat', buyer: { id: 'ste-syria' }, date: '2011-06-30' };
    const underEu = await request(app).post('/api/screenings').send({ ...sale, regime: 'EU' });
    expect(underEu.status).toBe(200);
    expect(underEu.body.verdict.regime).toBe('eu');
    const bad = await request(app).post('/api/screenings').send({ ...sale, regime: 'mars' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ field: 'body.regime', message: expect.stringContaining('all, us, eu') })]);
  });
});
