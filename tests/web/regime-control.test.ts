// The dashboard's "Whose law" control in headless Chromium: changing it changes the routes, the
// headline, the map's regions, the entity panel's questions and the screening, and the permalink.
import type { Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, skipBrowserTests } from '../support/browser.ts';
import { createApp, configWith, shippedStore } from '../api/api-support.ts';

describe.skipIf(skipBrowserTests)('the Whose law control', () => {
  let opened: Awaited<ReturnType<typeof openApp>> | undefined;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    opened = await openApp(createApp(await shippedStore(), configWith()));
    ({ base, page } = opened);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  const headline = () => page.locator('#headline').innerText();
  const routeTargets = () => page.locator('.route-card .path').allInnerTexts();

  it("opens under the server's setting: every regime, Blue Coat's goods reaching the US-listed UAE reseller too", async () => {
    await page.goto(`${base}/#from=bluecoat&asOf=2025-12-01&case=blue-coat-syria`);
    await page.locator('#headline', { hasText: 'under every regime' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#regime').inputValue()).toBe('');
    await page.locator('.route-card').nth(1).waitFor();
    expect(await page.locator('.route-card').count()).toBe(2);
    expect(page.url()).not.toContain('regime=');
  });

  it('answers under EU law when EU is chosen: headline, routes, regions and URL change', async () => {
    await page.locator('#regime').selectOption('eu');
    await page.locator('#headline', { hasText: 'under EU law' }).waitFor();
    expect(await headline()).toBe('Where can goods from Blue Coat Systems, Inc. end up, as of 1 Dec 2025, under EU law?');
    await page.waitForFunction(() => document.querySelectorAll('.route-card').length === 1);
    expect((await routeTargets()).join(' ')).toContain('Syrian Telecommunications Establishment');
    expect(page.url()).toContain('regime=eu');
    await page.locator('.map-regions .region-intro', { hasText: '(EU law)' }).waitFor();
    // Zaporizhzhia's row is EU law only.
    expect(await page.locator('.region-button[data-region="UA-23"]').count()).toBe(1);
  });

  it('asks the entity panel under the regime chosen', async () => {
    const asked = page.waitForRequest((request) => /\/api\/entities\/[^/?]+\?/.test(request.url()) && request.url().includes('regime=eu'));
    await page.locator('.route-card button.open-route').first().click();
    await asked;
    await page.locator('#route-dialog').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('#route-dialog').waitFor({ state: 'hidden' });
  });

  it('screens a sale under the regime chosen above, and says so', async () => {
    // The search's requests and answers, to say what happened if the hit never shows (this step
    // timed out twice in full CI runs, 4 and 5 Dec, and never alone).
    const searches: string[] = [];
    const isSearch = (url: string) => url.includes('/api/entities?');
    const onRequest = (request: Request) => {
      if (isSearch(request.url())) searches.push(`asked ${request.url()}`);
    };
    const onResponse = async (response: Response) => {
      if (isSearch(response.url())) searches.push(`answered ${response.status()}: ${(await response.text().catch(() => '')).slice(0, 300)}`);
    };
    page.on('request', onRequest);
    page.on('response', onResponse);
    await page.locator('#screen-buyer').fill('Computerlinks FZCO');
    await page
      .locator('#screen-buyer-hits li[data-id="computerlinks-fzco"]')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        const seen = await page.evaluate(() => ({
          value: (document.getElementById('screen-buyer') as HTMLInputElement).value,
          listHidden: (document.getElementById('screen-buyer-hits') as HTMLElement).hidden,
          list: (document.getElementById('screen-buyer-hits') as HTMLElement).innerHTML.slice(0, 500),
          focused: document.activeElement?.id || document.activeElement?.tagName,
        }));
        throw new Error(`no hit for the buyer: ${String(error)}; page ${JSON.stringify(seen)}; searches ${JSON.stringify(searches)}`);
      });
    page.off('request', onRequest);
    page.off('response', onResponse);
    await page.keyboard.press('Enter');
    await page.locator('#screening-form button[type=submit]').click();
    await page.locator('#verdict-regime', { hasText: 'under EU law' }).waitFor();
  });

  it('answers under US law from a permalink that says so, without the EU-only region', async () => {
    await page.goto(`${base}/#from=bluecoat&asOf=2025-12-01&case=blue-coat-syria&regime=US`);
    await page.locator('#headline', { hasText: 'under US law' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#regime').inputValue()).toBe('us');
    await page.waitForFunction(() => document.querySelectorAll('.route-card').length === 2);
    await page.locator('.map-regions .region-intro', { hasText: '(US law)' }).waitFor();
    expect(await page.locator('.region-button[data-region="UA-23"]').count()).toBe(0);
    expect(await page.locator('.region-button[data-region="UA-43"]').count()).toBe(1);
  });

  it('went through without a console error or a failed request', () => {
    expect(opened?.problems).toEqual([]);
  });
});
