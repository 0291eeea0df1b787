// The route graph in headless Chromium: once the reader closes it, an opening still on its way
// (its entities not yet fetched) does not open it again behind their back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, skipBrowserTests } from '../support/browser.ts';
import { createApp, configWith, shippedStore } from '../api/api-support.ts';

describe.skipIf(skipBrowserTests)('closing the route graph', () => {
  let opened: Awaited<ReturnType<typeof openApp>> | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openApp(createApp(await shippedStore(), configWith()));
    page = opened.page;
    // Closing the graph goes Back in history; the view follows when the browser's popstate comes.
    // Here that comes a second late (as on a busy machine), so what happens meanwhile shows.
    await page.addInitScript(() => {
      const back = history.back.bind(history);
      history.back = () => void setTimeout(back, 1000);
    });
    await page.goto(`${opened.base}/#from=bluecoat&asOf=2025-12-01&case=blue-coat-syria`);
    await page.locator('.route-card button.open-route').first().waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('stays closed when a second opening of the same route answers after the reader closed the first', async () => {
    // The route graph fetches each entity of the route with its neighbours (depth=1): the first
    // opening's answers are held 500 ms, the second's 1 s, so the second answers after the
    // reader closed the graph and before the browser's popstate.
    let holdMs = 500;
    await page.route(/\/api\/entities\/[^/?]+\?.*depth=1/, async (route) => {
      const hold = holdMs;
      await new Promise((done) => setTimeout(done, hold));
      await route.continue();
    });
    const button = page.locator('.route-card button.open-route').first();
    const firstAsked = page.waitForRequest(/depth=1/);
    await button.click();
    await firstAsked;
    holdMs = 1000;
    const secondAsked = page.waitForRequest(/depth=1/);
    await button.click();
    await secondAsked;
    const dialog = page.locator('#route-dialog');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Watched until well past the second opening's answers and the popstate: never open again.
    const reopened = await page.evaluate(async () => {
      const graph = document.getElementById('route-dialog') as HTMLDialogElement;
      for (let waited = 0; waited < 2500; waited += 25) {
        if (graph.open) return true;
        await new Promise((done) => setTimeout(done, 25));
      }
      return false;
    });
    expect(reopened).toBe(false);
    await page.unroute(/\/api\/entities\/[^/?]+\?.*depth=1/);
  });

  it('went through without a console error or a failed request', () => {
    expect(opened?.problems).toEqual([]);
  });
});
