// The CLI finds entities by name and says what an empty answer was filtered by (issue 16):
// `--from` by name, an unknown name listing the closest entities, `enduse search` with a typo,
// an unknown product named with the data's product meant, and a new counterparty screened in
// plain sentences.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';

const BLUE_COAT = join(import.meta.dirname, '../../data/cases/blue-coat-syria');
const HUAWEI = join(import.meta.dirname, '../../data/cases/huawei-skycom-canicula');

describe('finding anything from the CLI', () => {
  it('routes --from "Blue Coat" finds the entity by its alias', async () => {
    const result = await runCliCaptured(['routes', '--data', BLUE_COAT, '--from', 'Blue Coat', '--as-of', '2011-06-30', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.from).toBe('bluecoat');
    expect(parsed.routes[0].path).toEqual(['bluecoat', 'computerlinks-fzco', 'ste-syria']);
    expect(parsed.filters.map((filter: { name: string }) => filter.name)).toEqual(['asOf', 'regime', 'maxHops']);
  });

  it('an unknown or ambiguous --from lists the closest entities by id, and exits 2', async () => {
    const typo = await runCliCaptured(['exposure', '--data', BLUE_COAT, '--from', 'Computerlnks FZCO', '--as-of', '2011-06-30']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--from: no entity has the id, name or alias 'Computerlnks FZCO'; did you mean 'Computerlinks FZCO'? Closest: Computerlinks FZCO [computerlinks-fzco]");
    expect(typo.stderr).not.toContain('enduse flags');
    const partly = await runCliCaptured(['routes', '--data', BLUE_COAT, '--from', 'Blue Cot Systems']);
    expect(partly.stderr).toContain('the closest hold some of them: Blue Coat Systems, Inc. [bluecoat]');
    const ambiguous = await runCliCaptured(['chokepoints', '--data', BLUE_COAT, '--from', 'Computerlinks']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("'Computerlinks' is the name of 2 entities: Computerlinks AG [computerlinks-ag]");
  });

  it('search forgives a typo and says "did you mean"', async () => {
    const result = await runCliCaptured(['search', 'Hauwei', '--data', HUAWEI, '--as-of', '2019-01-08']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Nothing matches 'Hauwei' as written. Did you mean 'Huawei Technologies Co., Ltd.'?");
    expect(result.stdout).toMatch(/huawei\s+Huawei Technologies Co\., Ltd\./);
    const json = JSON.parse((await runCliCaptured(['search', '华为', '--data', HUAWEI, '--format', 'json'])).stdout);
    expect(json.hits[0].entity.id).toBe('huawei');
  });

  it('an empty answer names every filter, and an unknown product the product meant', async () => {
    const routes = await runCliCaptured(['routes', '--data', BLUE_COAT, '--from', 'bluecoat', '--as-of', '2011-06-30', '--product', 'Proxy']);
    expect(routes.code).toBe(0);
    expect(routes.stdout).toContain("No flagged party is reachable from Blue Coat Systems, Inc. [bluecoat] (manufacturer, US, commercial) as of 2011-06-30, under every regime, within 6 hops, only supplies of product 'Proxy' (or naming none).");
    expect(routes.stdout).toContain("No relationship in the data names the product 'Proxy': did you mean ProxySG?");
    const exposure = JSON.parse((await runCliCaptured(['exposure', '--data', BLUE_COAT, '--from', 'bluecoat', '--as-of', '2011-06-30', '--product', 'Proxy', '--format', 'json'])).stdout);
    expect(exposure.filters.at(-1)).toEqual({ name: 'product', value: 'Proxy', says: "only supplies of product 'Proxy' (or naming none)", known: false, suggestions: ['ProxySG'] });
  });

  it('screens a new counterparty by name, country and address, the verdict in plain sentences', async () => {
    const result = await runCliCaptured([
      'screen', '--data', BLUE_COAT, '--seller', 'bluecoat', '--buyer-name', 'Gulf Secure Networks FZE', '--buyer-country', 'ae',
      '--buyer-address', 'DSO Building, Dubai Silicon Oasis', '--product', 'ProxySG', '--date', '2011-06-30',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('VERDICT: REVIEW');
    expect(lines[1]).toBe('Review, not stop: the buyer is not flagged, but the proposed hop carries a red flag; each calls for review before the sale.');
    expect(result.stdout).toContain("its address contains 'Dubai Silicon Oasis'");
    expect(result.stdout).toContain('Gulf Secure Networks FZE (AE, not in the dataset)');
    expect(result.stdout).not.toMatch(/\(s\)/);
  });

  it('says a director controls the buyer, not that it owns it', async () => {
    const result = await runCliCaptured(['screen', '--data', BLUE_COAT, '--seller', 'bluecoat', '--buyer', 'infotech-uae', '--date', '2012-01-10']);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['VERDICT: STOP', 'Stop: the buyer is flagged, and a flagged party stops the sale.']);
    expect(result.stdout).toContain('Waseem Jawad, who controls the buyer (a director or other controller, not an owner)');
    expect(result.stdout).toContain('Waseem Jawad [waseem-jawad] controls (director or other controller, not an owner); FLAGGED: LISTED');
    expect(result.stdout).toContain('The sale opens 1 flagged route, to Infotec (1 hop: Blue Coat Systems, Inc. → Infotec)');
  });
});
