// Finding anything and screening a new counterparty, in a real headless Chromium at desktop and
// phone sizes: a typo finds Huawei with "did you mean", an unknown product is named in the empty
// answer, and a buyer not in the data is screened by name, country and address, the verdict in
// plain sentences and gone when the buyer is cleared. Screenshots go to test-artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, skipBrowserTests } from '../support/browser.ts';
import { createApp, configWith, shippedStore } from '../api/api-support.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(skipBrowserTests).each(VIEWPORTS)('finding and screening at $name size ($width x $height)', (viewport) => {
  let app: Awaited<ReturnType<typeof openApp>>;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `find-screen-${viewport.name}-${name}.png`), fullPage: false });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await openApp(createApp(await shippedStore(), configWith()), { width: viewport.width, height: viewport.height });
    page = app.page;
    await page.goto(`${app.base}/`);
    // The first request bundles the browser code when running from the sources: allow for a loaded machine.
    await page.locator('.route-card').first().waitFor({ timeout: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('finds Huawei typed as Hauwei, saying "did you mean", and opens it', async () => {
    await page.locator('#search').fill('Hauwei');
    const suggestion = page.locator('#search-hits li.did-you-mean');
    await suggestion.waitFor();
    expect(await suggestion.innerText()).toContain('Did you mean Huawei Technologies Co., Ltd.?');
    await page.locator('#search-hits li[data-id="huawei"]').waitFor();
    await shot('did-you-mean');
    await page.keyboard.press('Enter');
    await page.locator('#headline', { hasText: 'Huawei Technologies' }).waitFor();
  });

  it('suggests the data\'s products, and an empty answer names the product filter and the product meant', async () => {
    await page.locator('#search').fill('Blue Coat');
    await page.locator('#search-hits li[data-id="bluecoat"]').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#headline', { hasText: 'Blue Coat' }).waitFor();
    const products = await page.locator('#product-list option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(products).toContain('ProxySG');
    await page.locator('#as-of').fill('2011-06-30');
    await page.locator('#as-of').dispatchEvent('change');
    await page.locator('#product').fill('Proxy');
    await page.locator('#product').dispatchEvent('change');
    const summary = page.locator('#summary', { hasText: 'No flagged party' });
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain("only supplies of product 'Proxy'");
    expect(text).toContain('within 6 hops');
    expect(text).toContain('did you mean ProxySG?');
    await shot('empty-names-product');
    await page.locator('#product').fill('');
    await page.locator('#product').dispatchEvent('change');
    await page.locator('#summary', { hasText: 'flagged route' }).waitFor();
  });

  it('screens a new counterparty by name, country and address, in plain sentences, and clears the verdict with the buyer', async () => {
    await page.locator('#screen-buyer').fill('Gulf Secure Networks FZE');
    await page.locator('#screen-buyer-hits li.no-hit').waitFor();
    await page.locator('#screen-country').fill('ae');
    await page.locator('#screen-address').fill('DSO Building, Dubai Silicon Oasis, Dubai');
    await page.locator('#screen-product').fill('ProxySG');
    await page.locator('#screen-date').fill('2011-06-30');
    await page.locator('#screening-form button[type=submit]').click();
    await page.locator('.verdict-badge').waitFor();
    expect(await page.locator('.verdict-badge').innerText()).toBe('REVIEW');
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('not in the data: screened as a new counterparty');
    expect(verdict).toContain('Review, not stop: the buyer is not flagged, but the proposed hop carries a red flag');
    expect(verdict).toMatch(/The proposed hop itself carries \d red flags: consignee Gulf Secure Networks FZE .*Dubai Silicon Oasis/);
    expect(verdict).not.toMatch(/\(s\)|RED_FLAG|1 hops/);
    await page.locator('#verdict').scrollIntoViewIfNeeded();
    await shot('new-counterparty-verdict');
    await page.locator('#screen-buyer').fill('');
    await page.waitForFunction(() => document.querySelector('#verdict')?.textContent?.trim() === '');
    await shot('verdict-cleared');
  });

  it('screens a known buyer with a flagged director: a controller, not an owner, and the stop rule named', async () => {
    await page.locator('#screen-buyer').fill('Infotec');
    await page.locator('#screen-buyer-hits li[data-id="infotech-uae"]').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#screen-date').fill('2012-01-10');
    await page.locator('#screening-form button[type=submit]').click();
    await page.locator('.verdict-badge', { hasText: 'STOP' }).waitFor();
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('Stop: the buyer is flagged');
    expect(verdict).toContain('The buyer, Infotec, is on the Entity List');
    expect(verdict).toContain('Waseem Jawad, who controls the buyer (a director or other controller, not an owner)');
    expect(verdict).toContain('under US law');
  });

  it('ran without console errors or failed requests', () => {
    expect(app.problems).toEqual([]);
  });
});
