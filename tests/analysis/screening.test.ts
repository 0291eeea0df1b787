// Screening a proposed sale on tiny graphs: verdicts, routes opened, owners, buyers by name,
// and the store left untouched.
import { describe, expect, it } from 'vitest';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { screenSale } from '../../src/analysis/screening.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { FreeTradeZone } from '../../src/domain/red-flags.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';

const ZONES: FreeTradeZone[] = [{ keyword: 'JAFZA', name: 'Jebel Ali Free Zone', country: 'AE', source: 'JAFZA' }];

async function market() {
  return viewOf({
    entities: [
      entity('seller', { kind: 'manufacturer' }),
      entity('dist', { name: 'Dïst FZCO', kind: 'distributor', country: 'AE', address: 'Office 4, JAFZA, Dubai' }),
      entity('enduser', { kind: 'end_user', country: 'SY', sector: 'government' }),
      entity('clean', { kind: 'end_user', country: 'DE' }),
      entity('other', { country: 'DE' }),
      entity('owner', { name: 'Owner Holdings', country: 'RU' }),
      entity('boss', { kind: 'person', country: 'RU' }),
    ],
    relationships: [
      supplies('dist', 'enduser', { start: '2010', evidence: 'court' }),
      supplies('other', 'enduser', { start: '2010', evidence: 'court' }),
      { source: 'owner', target: 'dist', type: 'OWNS', share: 30, start: '2000', evidence: 'registry' },
      { source: 'boss', target: 'dist', type: 'CONTROLS', start: '2000', end: '2005' },
    ],
    listings: [{ entity_id: 'owner', list: 'OFAC_SDN' }],
    jurisdictions: [
      { code: 'SY', flag: 'comprehensive_sanctions', from: '2000', source: 'sy' },
      { code: 'AE', flag: 'transshipment_hub', from: '2006', source: 'hub' },
    ],
  });
}

describe('screenSale', () => {
  it('reviews a sale that opens a new flagged route, to a buyer with a flagged owner and red flags', async () => {
    const view = await market();
    const screening = screenSale(view, { seller: 'seller', buyer: { id: 'dist' }, date: '2012-01-01' }, { freeTradeZones: ZONES });
    expect(screening.verdict.decision).toBe('review');
    expect(screening.verdict.reasons.map((reason) => reason.rule)).toEqual(['FLAGGED_ROUTE', 'OWNER_FLAGGED', 'RED_FLAG']);
    expect(screening.routes.map((route) => [route.path.join(' '), route.new, route.edges[0]!.id, route.edges.map((edge) => edge.at)])).toEqual([
      ['seller dist enduser', true, 'proposed-sale', ['2012-01-01', '2012-01-01']],
    ]);
    expect(screening.owners.map((owner) => [owner.id, owner.type, owner.share, owner.flagged])).toEqual([['owner', 'OWNS', 30, true]]);
    expect(screening.anyOwnerFlagged).toBe(true);
    expect(screening.redFlags.map((flag) => flag.code)).toEqual(['FREE_TRADE_ZONE_ADDRESS', 'TRANSSHIPMENT_HUB']);
    expect(screening.buyer).toMatchObject({ id: 'dist', inGraph: true, match: null, reasons: [] });
  });

  it('marks a route through the sale as not new when the seller already reaches the target', async () => {
    const view = await viewOf({
      entities: [entity('seller'), entity('dist'), entity('other'), entity('enduser', { country: 'SY' })],
      relationships: [supplies('dist', 'enduser'), supplies('seller', 'other'), supplies('other', 'enduser')],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions' }],
    });
    const screening = screenSale(view, { seller: 'seller', buyer: { id: 'dist' }, date: '2012-01-01' }, { freeTradeZones: [] });
    expect(screening.routes.map((route) => [route.path.join(' '), route.new])).toEqual([['seller dist enduser', false]]);
    expect(screening.verdict.decision).toBe('review');
  });

  it('clears a sale with no flags, no routes and no red flags, and writes nothing', async () => {
    const view = await market();
    const before = { relationships: view.relationshipCount(), entities: view.entityCount(), routes: findFlaggedRoutes(view, 'seller', { asOf: '2012-01-01' }) };
    const screening = screenSale(view, { seller: 'seller', buyer: { id: 'clean' }, date: '2012-01-01' }, { freeTradeZones: ZONES });
    expect(screening.verdict).toEqual({ decision: 'clear', regime: 'all', summary: expect.stringMatching(/^Clear: no rule fired; the buyer is not flagged/), reasons: [] });
    expect({ relationships: view.relationshipCount(), entities: view.entityCount(), routes: findFlaggedRoutes(view, 'seller', { asOf: '2012-01-01' }) }).toEqual(before);
    const byName = screenSale(view, { seller: 'seller', buyer: { name: 'Nobody Trading LLC', country: 'DE' }, date: '2012-01-01' }, { freeTradeZones: ZONES });
    expect(byName.buyer.inGraph).toBe(false);
    expect(view.entityCount()).toBe(before.entities);
  });

  it('stops a sale to a flagged buyer, or with a flagged stated end user', async () => {
    const view = await market();
    const toEndUser = screenSale(view, { seller: 'seller', buyer: { id: 'enduser' }, date: '2012-01-01' }, { freeTradeZones: [] });
    expect(toEndUser.verdict.decision).toBe('stop');
    expect(toEndUser.verdict.reasons.map((reason) => reason.rule)).toEqual(['BUYER_FLAGGED', 'FLAGGED_ROUTE']);
    const declared = screenSale(view, { seller: 'seller', buyer: { id: 'clean' }, statedEndUser: 'enduser', date: '2012-01-01' }, { freeTradeZones: [] });
    expect(declared.verdict.reasons.map((reason) => reason.rule)).toEqual(['STATED_END_USER_FLAGGED']);
    expect(declared.verdict.decision).toBe('stop');
  });

  it('matches a buyer by normalised name in its country, and makes a provisional one otherwise', async () => {
    const view = await market();
    const matched = screenSale(view, { seller: 'seller', buyer: { name: 'DIST F.Z.E.', country: 'AE' }, date: '2012-01-01' }, { freeTradeZones: [] });
    expect(matched.buyer).toMatchObject({ id: 'dist', inGraph: true });
    expect(matched.buyer.match?.normalised).toBe('dist');
    expect(matched.buyer.match?.candidates.map((candidate) => candidate.id)).toEqual(['dist']);

    const elsewhere = screenSale(view, { seller: 'seller', buyer: { name: 'Dist Ltd', country: 'SY' }, date: '2012-01-01' }, { freeTradeZones: [] });
    expect(elsewhere.buyer).toMatchObject({ id: 'proposed:dist', inGraph: false, country: 'SY' });
    expect(elsewhere.buyer.reasons.map((reason) => reason.code)).toEqual(['SANCTIONED_JURISDICTION']);
    expect(elsewhere.verdict.decision).toBe('stop');
    expect(elsewhere.verdict.reasons.map((reason) => reason.rule)).toEqual(['BUYER_FLAGGED', 'FLAGGED_ROUTE', 'NAME_MATCH_UNCERTAIN']);
  });

  it('reviews a buyer caught by the BIS Affiliates Rule while it is suspended, and stops it while it is in force', async () => {
    const view = await viewOf({
      entities: [entity('seller'), entity('parent', { country: 'CN' }), entity('affiliate', { country: 'CN' })],
      relationships: [{ source: 'parent', target: 'affiliate', type: 'OWNS', share: 60 }],
      listings: [{ entity_id: 'parent', list: 'BIS_ENTITY' }],
    });
    const suspended = screenSale(view, { seller: 'seller', buyer: { id: 'affiliate' }, date: '2026-01-15' }, { freeTradeZones: [] });
    expect(suspended.verdict.reasons.map((reason) => reason.rule)).toEqual(['OWNER_FLAGGED', 'OWNERSHIP_RED_FLAG']);
    expect(suspended.verdict.decision).toBe('review');
    const inForce = screenSale(view, { seller: 'seller', buyer: { id: 'affiliate' }, date: '2025-10-01' }, { freeTradeZones: [] });
    expect(inForce.buyer.reasons.map((reason) => reason.code)).toEqual(['AFFILIATE_OF_LISTED']);
    expect(inForce.verdict.decision).toBe('stop');
  });

  it('throws NotFoundError for an unknown seller, buyer id or stated end user', async () => {
    const view = await market();
    const options = { freeTradeZones: [] };
    expect(() => screenSale(view, { seller: 'nobody', buyer: { id: 'dist' }, date: '2012-01-01' }, options)).toThrow(NotFoundError);
    expect(() => screenSale(view, { seller: 'seller', buyer: { id: 'nobody' }, date: '2012-01-01' }, options)).toThrow(NotFoundError);
    expect(() => screenSale(view, { seller: 'seller', buyer: { id: 'dist' }, statedEndUser: 'nobody', date: '2012-01-01' }, options)).toThrow(NotFoundError);
  });
});
